using Microsoft.AspNetCore.Diagnostics;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Maps exceptions to problem+json once for the whole app: a step the workflow does not allow is a 409, a write over
/// a newer version a 412, each titled with its message; anything unexpected is a 500 without details.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the {RequestLimits.MaxJsonBody / 1024} KiB accepted."),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            WorkflowException workflow => (StatusCodes.Status409Conflict, workflow.Message),
            StaleWriteException stale => (StatusCodes.Status412PreconditionFailed, stale.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "The client closed the request."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side; nothing you sent was lost."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}
