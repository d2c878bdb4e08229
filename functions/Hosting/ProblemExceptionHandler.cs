using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Maps exceptions to problem+json once for the whole app: a request that cannot be bound says why, malformed JSON
/// under "body" (endpoints throw on bad requests, see <see cref="SupplierAssessmentApp"/>); a step the workflow does
/// not allow is a 409, a write over a newer version a 412, each titled with its message; anything unexpected is a 500
/// without details.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than the {BodyLimit(context) / 1024} KiB accepted."),
            BadHttpRequestException { InnerException: JsonException json } => BodyProblem($"The body is not valid JSON: {json.Message}"),
            BadHttpRequestException bad => new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message },
            WorkflowException workflow => Problem(StatusCodes.Status409Conflict, workflow.Message),
            StaleWriteException stale => Problem(StatusCodes.Status412PreconditionFailed, stale.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => Problem(499, "The client closed the request."),
            _ => Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side; nothing you sent was lost."),
        };
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    private static ProblemDetails Problem(int status, string title) => new() { Status = status, Title = title };

    /// <summary>As the endpoints that read their body themselves answer (<c>JsonBody</c>): a 400 with the error under "body".</summary>
    private static HttpValidationProblemDetails BodyProblem(string message) =>
        new(new Dictionary<string, string[]> { ["body"] = [message] }) { Status = StatusCodes.Status400BadRequest, Title = "The request body could not be read." };

    /// <summary>The limit of this request: the JSON limit, or the larger one an upload endpoint set for itself.</summary>
    private static long BodyLimit(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestLimits.MaxJsonBody;
}
