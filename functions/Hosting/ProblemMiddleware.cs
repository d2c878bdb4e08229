using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Api;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Maps exceptions once for the whole app (worker middleware, around every function). For an HTTP function: a body
/// that cannot be read says why (malformed JSON, form or multipart body a 400 with the reason under "body", too large
/// a 413; a JSON body of the wrong shape, <see cref="InvalidBodyException"/>, a 400 naming the field); a step the workflow
/// does not allow is a 409 (a correction another expert made among them), a write over a newer version a 412, each titled with its
/// message (a full list, <see cref="LimitExceededException"/> or <see cref="EntityTooLargeException"/>, a 409 stating the
/// bound); anything unexpected is a 500 without details — all problem+json, except that a browser on a page
/// (<see cref="Pages.ErrorPages.ForBrowser"/>) never gets JSON: the 500 page, for a body it cannot read a page saying so,
/// for any other refusal a page with its message, in the site's layout (pages that can show their own form again
/// catch these first, so that what was typed stays). For a queue or timer function the exception is logged and rethrown, so that the invocation fails
/// and the host delivers the message again, then poisons it (STYLE "Avoid" 3).
/// </summary>
internal sealed class ProblemMiddleware(IProblemDetailsService problems, IConfiguration configuration, ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    private int? _maxDeliveries;

    /// <summary>
    /// How many deliveries the host makes of a queue message before moving it to its poison queue: the app setting
    /// <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c> when set (it overrides host.json, in Azure as
    /// locally), else host.json's <c>extensions.queues.maxDequeueCount</c>, else the host's default, 5.
    /// </summary>
    internal static int MaxDeliveries(IConfiguration configuration)
    {
        if (configuration.GetValue<int?>("AzureFunctionsJobHost:extensions:queues:maxDequeueCount") is { } set)
        {
            return set;
        }
        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        if (File.Exists(hostJson)
            && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(hostJson))?["extensions"]?["queues"]?["maxDequeueCount"] is { } max
            && max.GetValueKind() == JsonValueKind.Number)
        {
            return (int)max;
        }
        return 5;
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            var problem = ProblemFor(exception, http);
            if (problem.Status >= 500)
            {
                logger.LogError(exception, "Unhandled error in {Function} on {Method} {Path}", context.FunctionDefinition.Name, http.Request.Method, LoggedPath(context, http));
            }
            http.Response.StatusCode = problem.Status!.Value;
            if (Pages.ErrorPages.ForBrowser(http) && PageFor(problem, http) is { } page)
            {
                await Pages.ErrorPages.WriteAsync(http, page);
                return;
            }
            await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
        }
        catch (Exception exception) when (context.GetHttpContext() is null && exception is not OperationCanceledException)
        {
            // Which message, and whether the host delivers it again or this was its last delivery (a fresh-user trial
            // read "the host will retry it" just before the message went to poison).
            // The assessment and report version too, so that two failing at once can be told apart (the fifth trial).
            var data = context.BindingContext.BindingData;
            var id = data.TryGetValue("Id", out var messageId) ? messageId : null;
            if (data.TryGetValue("DequeueCount", out var count) && long.TryParse(count?.ToString(), out var delivery))
            {
                var max = _maxDeliveries ??= MaxDeliveries(configuration);
                var about = data.TryGetValue("QueueTrigger", out var text) && Stages.StageMessage.TryParse(text?.ToString() ?? "") is { } message ? message : null;
                var then = delivery >= max ? ", the last); the host moves it to its poison queue" : "); the host will deliver it again";
                logger.LogWarning(exception, "{Function} failed on message {MessageId} about assessment {AssessmentId}, version {Version} (delivery {DequeueCount} of {MaxDeliveries}{Next}",
                    context.FunctionDefinition.Name, id, about?.AssessmentId, about?.Version, delivery, max, then);
            }
            else
            {
                logger.LogWarning(exception, "{Function} failed; it runs again at its next time", context.FunctionDefinition.Name); // a timer
            }
            throw;
        }
    }

    private static ProblemDetails ProblemFor(Exception exception, HttpContext http) => exception switch
    {
        // The anti-forgery check of a page's POST reads the form first, and wraps what the form reader threw.
        AntiforgeryValidationException { InnerException: BadHttpRequestException bad } => ProblemFor(bad, http),
        AntiforgeryValidationException { InnerException: (IOException or InvalidDataException) and var unreadable } when !http.RequestAborted.IsCancellationRequested =>
            BodyProblem(FormBody.Reason(unreadable)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than the {BodyLimit(http) / 1024} KiB accepted."),
        BadHttpRequestException { InnerException: JsonException json } => BodyProblem($"The body is not valid JSON: {json.Message}"),
        JsonException json => BodyProblem($"The body is not valid JSON: {json.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: IOException or InvalidDataException } form => BodyProblem(form.Message),
        BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
        InvalidBodyException body => new HttpValidationProblemDetails(body.Errors) { Status = StatusCodes.Status400BadRequest, Title = body.Message },
        WorkflowException workflow => Problem(StatusCodes.Status409Conflict, workflow.Message),
        LimitExceededException full => Problem(StatusCodes.Status409Conflict, full.Message),
        EntityTooLargeException tooLarge => Problem(StatusCodes.Status409Conflict, tooLarge.Message),
        StaleWriteException stale => Problem(StatusCodes.Status412PreconditionFailed, stale.Message),
        OperationCanceledException when http.RequestAborted.IsCancellationRequested => Problem(499, "The client closed the request."),
        _ => Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side; nothing you sent was lost."),
    };

    /// <summary>
    /// What a browser on a page sees instead of the problem: the 500 page, for a body that cannot be read (400, 413,
    /// 415) the page saying so with a link back to the form, for any other refusal (409, 412, …) its message on a page
    /// with a link back; null (the problem itself) only for a client that went away.
    /// </summary>
    private static Microsoft.AspNetCore.Mvc.ViewResult? PageFor(ProblemDetails problem, HttpContext http) => problem.Status switch
    {
        >= StatusCodes.Status500InternalServerError => Pages.ErrorPages.ServerError(http),
        StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType =>
            Pages.ErrorPages.FormUnreadable(http, problem.Status.Value,
                problem is HttpValidationProblemDetails { Errors: var errors } && errors.TryGetValue("body", out var body) ? body[0] : problem.Detail ?? problem.Title!),
        >= StatusCodes.Status400BadRequest and not 499 => Pages.ErrorPages.Refused(http, problem.Status.Value, problem.Title!),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title) => new() { Status = status, Title = title };

    /// <summary>
    /// The path as a log may show it: a supplier's link is their key, so the <c>{token}</c> route value is replaced by
    /// the word "{token}" (STYLE 14: never a token in a log line; issue 13).
    /// </summary>
    internal static string LoggedPath(FunctionContext context, HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        return context.BindingContext.BindingData.TryGetValue("token", out var value) && value?.ToString() is { Length: > 0 } token
            ? path.Replace(token, "{token}", StringComparison.Ordinal).Replace(Uri.EscapeDataString(token), "{token}", StringComparison.Ordinal)
            : path;
    }

    /// <summary>As the functions that read their body themselves answer (<c>JsonBody</c>): a 400 with the error under "body".</summary>
    private static HttpValidationProblemDetails BodyProblem(string message) =>
        new(new Dictionary<string, string[]> { ["body"] = [message] }) { Status = StatusCodes.Status400BadRequest, Title = "The request body could not be read." };

    /// <summary>The limit of this request: the JSON limit, or the larger one an upload function set for itself.</summary>
    private static long BodyLimit(HttpContext http) =>
        http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestLimits.MaxJsonBody;
}
