namespace SupplierAssessment.Functions.Api;

/// <summary>The few problem answers the API gives, worded once.</summary>
internal static class Problems
{
    public static IResult NotFound(string what) => Results.Problem(statusCode: 404, title: $"No such {what}, or it is not yours to see.");

    /// <summary>Wrong, expired, revoked: the same answer, with no hint whether the link ever existed.</summary>
    public static IResult BadLink() => Results.Problem(statusCode: 404,
        title: "This questionnaire link is not valid.",
        detail: "It may have expired or been replaced by a newer one. Ask the project manager who invited you to send a new link.");

    /// <summary>A 409 titled <paramref name="title"/>, naming the fields at fault as a validation problem does (<c>errors</c>).</summary>
    public static IResult Conflict(string title, IDictionary<string, string[]> errors) =>
        Results.Problem(statusCode: 409, title: title, extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult Stale(string message) => Results.Problem(statusCode: 412, title: message);

    public static IResult Invalid(IDictionary<string, string[]> errors, string title) =>
        Results.ValidationProblem(errors, title: title);

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);
}
