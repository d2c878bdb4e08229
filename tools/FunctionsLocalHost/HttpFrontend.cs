using System.Net;
using System.Text.Json;
using FunctionsLocalHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace FunctionsLocalHost;

/// <summary>
/// The host's HTTP side: one endpoint per HTTP function (its route template under host.json's route prefix and its
/// methods, matched by ASP.NET Core routing), each request forwarded to the worker's own HTTP server with an
/// <c>x-ms-invocation-id</c> header while the matching invocation goes over gRPC; the admin endpoint; a 404 page for
/// everything else.
/// </summary>
internal static class HttpFrontend
{
    /// <summary>Plain and product-agnostic, as the real host's own 404: what happened, and a way back to the app's root.</summary>
    private const string NotFoundPage =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Page not found</title></head><body><main><h1>Page not found</h1>" +
        "<p>No page or function of this app is at this address. Check the address, or start again from the home page.</p>" +
        "<p><a href=\"/\">Go to the home page</a></p></main></body></html>";

    private static readonly ForwarderRequestConfig ForwardConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromMinutes(5),
    };

    public static WebApplication Build(WebApplicationBuilder builder, LocalFunctionsHost host, HostSettings settings)
    {
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FunctionsLocalHost.Http");
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });

        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(NotFoundPage);
                return;
            }
            await next(context);
        });

        // The body ({"input": "…"}) is read here, not bound: a POST without one (or without its content type) still
        // reaches this endpoint, as an empty input, instead of falling through to the app's 404 page.
        app.MapPost("/admin/functions/{name}", async (HttpRequest request, string name) =>
        {
            if (!HoldsMasterKey(request, host))
            {
                return NoMasterKey();
            }
            AdminInvocation? body = null;
            try
            {
                using var reader = new StreamReader(request.Body);
                var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                body = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<AdminInvocation>(text, AdminJson);
            }
            catch (JsonException e)
            {
                return Results.Problem(statusCode: 400, title: "The body is not {\"input\": \"…\"}", detail: e.Message);
            }
            return Admin(host, name, body?.Input);
        });
        app.MapGet("/admin/host/status", (HttpRequest request) => HoldsMasterKey(request, host) ? StatusOf(host) : NoMasterKey());

        var prefix = settings.RoutePrefix.Length == 0 ? "" : settings.RoutePrefix + "/";
        foreach (var function in host.Functions.Where(f => f.IsHttp))
        {
            if (host.ReadyWorker?.Channel.HttpUri is null)
            {
                throw new InvalidOperationException(
                    "The worker declared HTTP functions but no HttpUri capability: does it call ConfigureFunctionsWebApplication()?");
            }
            if ((prefix + function.Route).StartsWith("admin", StringComparison.OrdinalIgnoreCase))
            {
                // As the real host: /admin/… is its own API, and a function route there is refused at indexing.
                throw new InvalidOperationException(
                    $"The function {function.Name}'s route '{prefix + function.Route}' conflicts with the host's built-in /admin routes.");
            }
            RequestDelegate forward = context => ForwardAsync(context, function, host, client, logger);
            var endpoint = function.Methods.Count == 0
                ? app.Map(prefix + function.Route, forward)
                : app.MapMethods(prefix + function.Route, function.Methods, forward);
            endpoint.WithDisplayName(function.Name);
        }
        return app;
    }

    /// <summary>As the real host's admin API: the master key in <c>x-functions-key</c> (compared in constant time), else 401.</summary>
    private static bool HoldsMasterKey(HttpRequest request, LocalFunctionsHost host) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(request.Headers["x-functions-key"].ToString()), System.Text.Encoding.UTF8.GetBytes(host.MasterKey));

    /// <summary>200 with the status while running; 503 with it when degraded or in error (a health probe's answer).</summary>
    private static IResult StatusOf(LocalFunctionsHost host)
    {
        var status = host.Status();
        return Results.Json(status, statusCode: status.State == "Running" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Admin(LocalFunctionsHost host, string name, string? input)
    {
        var function = host.Functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return Results.Problem(statusCode: 404, title: $"No function is named {name}.");
        }
        if (function.IsHttp)
        {
            return Results.BadRequest($"{function.Name} is an HTTP function: call its route instead.");
        }
        _ = host.InvokeAsync(function.Name, input).ContinueWith(_ => { }, TaskScheduler.Default);
        return Results.Accepted();
    }

    /// <summary>
    /// Forwards to the worker running now (a restarted worker has an HTTP address of its own); while none is running,
    /// answers 503 with Retry-After, as the real host does while its language worker restarts. The health route
    /// answers 503 while a queue listener cannot read its queue (<see cref="LocalHostOptions.HealthRoute"/>).
    /// </summary>
    private static async Task ForwardAsync(
        HttpContext context, FunctionInfo function, LocalFunctionsHost host, HttpMessageInvoker client, ILogger logger)
    {
        if (host.ReadyWorker?.Channel.HttpUri is not { } workerUri)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = host.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The app's worker is restarting. Try again in a few seconds.");
            return;
        }
        if (context.Request.Headers.FirstOrDefault(h => h.Value.Any(v => v is not null && v.Any(c => c > '\x7F'))) is { Key: { } header })
        {
            // HTTP header values are ASCII (RFC 9110 §5.5): the worker's HTTP client refuses to send others, which
            // answered 502 "the worker stopped" and left the worker waiting for a request (a fresh-user trial).
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"The request header {header} holds a character that is not ASCII: send it encoded.");
            return;
        }
        if (HttpMethods.IsGet(context.Request.Method) && string.Equals(function.Route, host.HealthRoute, StringComparison.OrdinalIgnoreCase)
            && host.Status() is { State: "Degraded" } degraded)
        {
            // The app answers "ok" as soon as its worker runs; queued work stalled is the host's to tell (issue 13).
            await Results.Json(new { status = "degraded", listeners = degraded.Listeners.Where(l => l.Problem is not null) },
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            return;
        }
        var invocationId = Guid.NewGuid().ToString();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var invocation = host.RunAsync(function, Request(context, function, invocationId), abandon.Token);
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        var error = await forwarder.SendAsync(context, workerUri.ToString(), client, ForwardConfig, new InvocationTransformer(invocationId, invocation));
        if (error != ForwarderError.None)
        {
            // One line: the usual cause is the worker refusing the rest of a body it will not read (a 413), not a fault.
            // The route template, never the path: a path can hold a supplier's link, which no log may keep.
            logger.LogWarning(
                "Forwarding {Method} {Route} to {Function} stopped: {Error} ({Reason})",
                context.Request.Method, function.Route, function.Name, error,
                context.Features.Get<IForwarderErrorFeature>()?.Exception?.GetBaseException().Message);
            await abandon.CancelAsync();
            if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status502BadGateway)
            {
                // The worker went away mid-request (it died, and is being started again): say so, not an empty 502.
                context.Response.Headers.RetryAfter = host.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The app's worker stopped while answering this request, which may or may not have been carried out. Look, then try again in a few seconds.");
            }
        }
        try
        {
            await invocation;
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // the client went away or the request never reached the worker: the failure is logged above
        }
    }

    /// <summary>
    /// The HTTP trigger's invocation: the request line and headers (the body goes over HTTP), and trigger metadata as
    /// the real host gives it: each route value by its name, <c>Query</c> and <c>Headers</c> as JSON objects.
    /// </summary>
    private static InvocationRequest Request(HttpContext context, FunctionInfo function, string invocationId)
    {
        var request = context.Request;
        var http = new RpcHttp
        {
            Method = request.Method,
            Url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
        };
        foreach (var (name, values) in request.Headers)
        {
            http.Headers[name] = values.ToString();
        }
        foreach (var (name, values) in request.Query)
        {
            http.Query[name] = values.ToString();
        }
        var invocation = new InvocationRequest { InvocationId = invocationId };
        foreach (var (name, value) in request.RouteValues)
        {
            if (value?.ToString() is { } text)
            {
                http.Params[name] = text;
                invocation.TriggerMetadata[name] = new TypedData { String = text };
            }
        }
        invocation.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(http.Query.ToDictionary()) };
        invocation.TriggerMetadata["Headers"] = new TypedData { Json = JsonSerializer.Serialize(http.Headers.ToDictionary()) };
        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Http = http } });
        return invocation;
    }

    /// <summary>
    /// YARP's default copy plus the invocation id header (the original Host header is kept). An empty response waits for
    /// the invocation and becomes a 500 if it failed, as the real host answers for a function that throws (the worker
    /// itself answers an empty 200 then). A response with a body streams at once: holding it could block the worker.
    /// </summary>
    private sealed class InvocationTransformer(string invocationId, Task<StatusResult> invocation) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            proxyRequest.Headers.Add("x-ms-invocation-id", invocationId);
            // As Azure's front end: the connecting client's address goes last in X-Forwarded-For, after whatever the client
            // sent in it. The worker's ASP.NET Core integration takes the last entry as the connection's address, which the
            // app counts guesses by (KeyGuard.ClientOf). Passed on as sent, a forged entry gave each guess an address of
            // its own and no guesser was ever refused (issue 13, a fresh-user trial).
            if (httpContext.Connection.RemoteIpAddress is { } client)
            {
                var sent = string.Join(", ", httpContext.Request.Headers["X-Forwarded-For"].Where(v => !string.IsNullOrWhiteSpace(v)));
                proxyRequest.Headers.Remove("X-Forwarded-For");
                proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", sent.Length == 0 ? client.ToString() : $"{sent}, {client}");
            }
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            if (proxyResponse?.Content.Headers.ContentLength == 0 && !await SucceededAsync())
            {
                httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return false;
            }
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        private async Task<bool> SucceededAsync()
        {
            try
            {
                return (await invocation).Status == StatusResult.Types.Status.Success;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>The admin endpoint's body: <c>{"input": "..."}</c>.</summary>
    private sealed record AdminInvocation(string? Input);

    /// <summary>401 for an admin call without the master key, saying which header and key it wants.</summary>
    private static IResult NoMasterKey() =>
        Results.Problem(statusCode: 401, title: "The admin API needs the header x-functions-key with the master key the host printed at start.");

    private static readonly JsonSerializerOptions AdminJson = new(JsonSerializerDefaults.Web);
}
