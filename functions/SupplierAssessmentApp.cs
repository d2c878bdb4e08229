using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions;

/// <summary>Builds the app: the same one runs under the Functions host (custom handler) and locally.</summary>
public static class SupplierAssessmentApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--urls</c>).</param>
    /// <param name="configure">Tests adjust configuration and services here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddFunctionsHosting();
        // The typed endpoints' routing answers a body that is not JSON with a bare 415: say what to send.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
            {
                c.ProblemDetails.Detail ??= "Send the body as application/json.";
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // A body or parameter that cannot be bound throws, so that ProblemExceptionHandler names what was wrong
        // (otherwise a malformed body gets a bare "Bad Request" outside Development).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        // The pages live in this assembly, whichever assembly hosts the app (the tests host it too).
        builder.Services.AddRazorPages().AddApplicationPart(typeof(SupplierAssessmentApp).Assembly);
        configure?.Invoke(builder);
        builder.AddSupplierAssessment();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePageSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").WithName("OpenApi");
        app.MapHome();
        app.MapGapApi();
        app.MapProcurementsApi();
        app.MapQuestionnaireApi();
        app.MapReviewApi();
        app.MapOutboxPage();
        app.MapStaticAssets();
        app.MapRazorPages();
        app.MapInvocations();
        return app;
    }
}
