using System.Text.Json;
using SupplierAssessment.Functions.Functions;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Queue and timer functions as the Functions host calls them: <c>POST /{FunctionName}</c> with
/// <c>{ "Data": {...}, "Metadata": {...} }</c>, answered with <c>{ "Outputs", "Logs", "ReturnValue" }</c>
/// (FUNCTIONS-CONTRACT "Every other trigger"). A non-2xx answer makes the host retry the message.
/// </summary>
public static class Invocations
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder app)
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger != TriggerKind.Http))
        {
            app.MapPost("/" + function.Name, (HttpRequest request, IEnumerable<IStageHandler> handlers, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    InvokeAsync(request, handlers.Single(h => h.FunctionName == function.Name), function.TriggerBinding, loggers, cancellationToken))
                .ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(HttpRequest request, IStageHandler handler, string binding, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var payload = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        var data = payload.RootElement.TryGetProperty("Data", out var d) && d.TryGetProperty(binding, out var value) ? value : default;
        var metadata = payload.RootElement.TryGetProperty("Metadata", out var m) ? m : default;
        var messageText = Unwrap(data);
        var dequeueCount = int.TryParse(metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("DequeueCount", out var dc) ? Unwrap(dc) : "1", out var n) ? n : 1;
        try
        {
            var outcome = await handler.HandleAsync(messageText, dequeueCount, cancellationToken);
            return Answer(StatusCodes.Status200OK, $"{handler.FunctionName}: {outcome}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Retry can help (storage or mail down): fail the invocation so the host redelivers, then poisons.
            // The host may drop the Logs of a failed invocation: the cause goes to the handler's own log as well.
            loggers.CreateLogger(typeof(Invocations)).LogWarning(e, "{Function} failed (delivery {DequeueCount}), will be retried", handler.FunctionName, dequeueCount);
            return Answer(StatusCodes.Status500InternalServerError, $"{handler.FunctionName} failed, will be retried: {e.GetType().Name}");
        }
    }

    /// <summary>
    /// The host encodes string values a second time: a message <c>{"a":1}</c> arrives as the JSON string
    /// <c>"{\"a\":1}"</c>, itself possibly a JSON string again. Unwraps both forms; an object is taken as is.
    /// </summary>
    public static string Unwrap(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                // Peel as many layers of string encoding as there are (the contract's host adds one).
                for (var layer = 0; layer < 3 && text.Length >= 2 && text[0] == '"' && text[^1] == '"'; layer++)
                {
                    try
                    {
                        text = JsonSerializer.Deserialize<string>(text) ?? text;
                    }
                    catch (JsonException)
                    {
                        break;
                    }
                }
                return text;
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return "";
            default:
                return value.GetRawText();
        }
    }

    private static IResult Answer(int status, string log) => Results.Json(
        new Dictionary<string, object?> { ["Outputs"] = new Dictionary<string, object>(), ["Logs"] = new[] { log }, ["ReturnValue"] = null },
        statusCode: status);
}
