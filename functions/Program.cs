using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SupplierAssessment.Functions.Hosting;

// An Azure Functions isolated worker (docs/decisions/ADR-002): every [Function] in this assembly is one function;
// the Functions host (or tools/FunctionsLocalHost locally) starts it and calls it over gRPC.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddSupplierAssessment();
builder.Build().Run();
