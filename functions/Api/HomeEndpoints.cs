using SupplierAssessment.Functions.Functions;
namespace SupplierAssessment.Functions.Api;

public static class HomeEndpoints
{
    /// <summary>
    /// <c>GET /</c> and <c>GET /health</c> answer at once without touching storage: the Functions host polls
    /// <c>GET /</c> every 25 ms until the handler answers (FUNCTIONS-CONTRACT "Readiness").
    /// </summary>
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapFunction("Home", () => Results.Content(
            """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SupplierAssessment</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body><h1>SupplierAssessment</h1>
            <p>Security questionnaires for the suppliers bidding for your project, rated against SSE-CMM and measured
            against a target confidence profile.</p>
            <p>API: <code>POST /api/gap</code> (what-if gap), <code>GET /health</code>.</p>
            </body></html>
            """, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapFunction("Health", () => TypedResults.Ok(new { status = "ok" }));
        return app;
    }
}
