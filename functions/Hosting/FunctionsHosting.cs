namespace SupplierAssessment.Functions.Hosting;

public static class FunctionsHosting
{
    /// <summary>
    /// Under the Functions host the handler must listen on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT
    /// (FUNCTIONS-CONTRACT "Starting the handler"); without it the app listens where ASP.NET Core is told
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), by default http://127.0.0.1:7071 like the Functions host.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder)
    {
        if (CustomHandlerPort(builder.Configuration) is { } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:7071");
        }
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxJsonBody);
        return builder;
    }

    /// <summary>True when the Functions host started this process.</summary>
    public static bool IsUnderFunctionsHost(IConfiguration configuration) => CustomHandlerPort(configuration) is not null;

    /// <summary>The port the host gave us (FUNCTIONS_CUSTOMHANDLER_PORT, or the older FUNCTIONS_HTTPWORKER_PORT); null when none did.</summary>
    private static string? CustomHandlerPort(IConfiguration configuration) =>
        (configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] ?? configuration["FUNCTIONS_HTTPWORKER_PORT"]) is { Length: > 0 } port ? port : null;
}

public static class RequestLimits
{
    /// <summary>The largest JSON body the API reads (answers, what-if requests): 256 KiB.</summary>
    public const long MaxJsonBody = 256 * 1024;
}
