using SupplierAssessment.Functions.Functions;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SupplierAssessment.Domain.Gap;

namespace SupplierAssessment.Functions.Api;

public static class GapApi
{
    /// <summary><c>POST /api/gap</c>: stateless what-if (DESIGN §2.4). No storage is touched.</summary>
    public static IEndpointRouteBuilder MapGapApi(this IEndpointRouteBuilder app)
    {
        app.MapFunction("Gap", ComputeGap).WithRequestBody("application/json").WithProblems(413);
        return app;
    }

    internal static async Task<Results<Ok<GapDocument>, ValidationProblem>> ComputeGap(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var body = await JsonBody.ReadAsync(request, errors, cancellationToken);
        if (body is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The request body is not a gap question.");
        }
        using (body)
        {
            var gapRequest = GapRequest.Read(body.RootElement, errors);
            if (gapRequest is null)
            {
                return TypedResults.ValidationProblem(errors, title: "Some fields of the gap question are not valid.");
            }
            var report = GapAnalysis.Compute(gapRequest.Ratings, gapRequest.Profile);
            return TypedResults.Ok(GapDocument.From(report));
        }
    }
}

/// <summary>Reads a JSON request body, turning a wrong content type or malformed JSON into a named error.</summary>
internal static class JsonBody
{
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            errors["body"] = ["Send the body as application/json."];
            return null;
        }
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException e)
        {
            errors["body"] = [$"The body is not valid JSON: {e.Message}"];
            return null;
        }
    }
}
