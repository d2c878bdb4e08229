using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupplierAssessment.Domain.Gap;

namespace SupplierAssessment.Functions.Api;

/// <summary><c>POST /api/gap</c>: the stateless what-if gap (DESIGN §2.4). No storage is touched.</summary>
public sealed class GapFunctions
{
    /// <summary>
    /// Takes <c>{ "profile": {...}, "ratings": {...} }</c> and answers the gap document: per alert level the
    /// process areas' achieved and target levels, missing and exceeding points, and the action plan by actor.
    /// A body that is not a gap question is a 400 naming the field; not sent as application/json a 415; over 256 KiB a 413.
    /// </summary>
    [Function(nameof(Gap))]
    [Consumes("application/json")]
    [ProducesResponseType<GapDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public async Task<Results<Ok<GapDocument>, ValidationProblem>> Gap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/gap")] HttpRequest request, CancellationToken cancellationToken)
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

/// <summary>Reads form and multipart request bodies, naming what is wrong with one that cannot be read.</summary>
internal static class FormBody
{
    /// <summary>
    /// The form. A body the form reader cannot read (a bad boundary or part header, a boundary and no part, a body that
    /// ends before its closing boundary, an invalid form encoding) throws a 400 <see cref="BadHttpRequestException"/>
    /// saying what is wrong, which <c>ProblemMiddleware</c> answers with the reason under "body"; a body over the
    /// request's limit a 413; a client that went away cancels.
    /// </summary>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            // text/plain is a form encoding a page could use, and JSON is no form: neither can be read as the form's fields.
            throw new BadHttpRequestException(
                "Send the form as application/x-www-form-urlencoded or multipart/form-data.", StatusCodes.Status415UnsupportedMediaType);
        }
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw new BadHttpRequestException(Reason(e), StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>What the form reader found wrong, in a sentence naming the part at fault.</summary>
    public static string Reason(Exception unreadable) => unreadable is InvalidDataException
        ? $"The form body is malformed: {unreadable.Message}"
        : $"The form body ended before it was complete: {unreadable.Message}";
}

/// <summary>Reads JSON request bodies, naming what is wrong with one that cannot be read.</summary>
internal static class JsonBody
{
    /// <summary>How every body is parsed: a property given twice is malformed, not "the last one wins" (issue 13 item 7).</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The body as a JSON object, or null with the reason under "body" in <paramref name="errors"/>: malformed JSON (a
    /// property twice included), or JSON that is not an object. A content type other than JSON throws a 415, a body over
    /// the request's limit a 413 (both answered by <c>ProblemMiddleware</c>).
    /// </summary>
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            // A 415, as the typed reader below answers (a fresh-user trial: /api/gap and the answers said 400, the others 415).
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, DocumentOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            errors["body"] = [$"The body is not valid JSON: {e.Message}"];
            return null;
        }
        catch (InvalidOperationException)
        {
            // Checking property names for duplicates unescapes them: a lone surrogate in a name fails there.
            errors["body"] = ["A property name in the body is not valid Unicode (a lone surrogate or bytes that are not UTF-8)."];
            return null;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = [$"Send a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."];
            document.Dispose();
            return null;
        }
        if (FirstUnreadableText(document.RootElement, "$") is { } path)
        {
            errors["body"] = [$"The text at {path} is not valid Unicode (a lone surrogate or bytes that are not UTF-8)."];
            document.Dispose();
            return null;
        }
        return document;
    }

    /// <summary>
    /// The JSON path of the first property name or string the parser accepted but that is no valid Unicode text (a lone
    /// surrogate such as <c>"\ud800"</c>, invalid UTF-8 bytes), or null when every text reads: checked once here, so
    /// that no rule reading a value later meets it as a 500.
    /// </summary>
    private static string? FirstUnreadableText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadableText(item, $"{path}[{i++}]") is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Readable(() => property.Name))
                    {
                        return path + ".<name>";
                    }
                    if (FirstUnreadableText(property.Value, $"{path}.{property.Name}") is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            var text = read() ?? "";
            // A "\ud800" escape can read back as a string holding a lone surrogate: no text, though the reader allowed it.
            return System.Text.Unicode.Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false)
                == System.Buffers.OperationStatus.Done;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>, read with the app's JSON options (web defaults: camelCase, case-insensitive,
    /// a property given twice refused) as typed endpoints bound it. Throws what <c>ProblemMiddleware</c> answers: a
    /// content type other than JSON is a 415 saying to send application/json; a body that is not a JSON object
    /// (malformed, <c>null</c>, an array…) an <see cref="InvalidBodyException"/> with the reason under "body"; a field of
    /// the wrong JSON type (<c>{"expertId":42}</c>) one naming that field and the type it takes — never a .NET type name;
    /// a body over the request's limit a 413.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Send the body as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        using var document = await ReadAsync(request, errors, cancellationToken)
            ?? throw new InvalidBodyException(errors, "The request body could not be read.");
        var options = request.HttpContext.RequestServices.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        try
        {
            return document.Deserialize<T>(options)!;
        }
        catch (JsonException e)
        {
            // The document is valid JSON: what failed is a value of the wrong type, at e.Path ("$.expertId").
            var field = FieldOf(e.Path);
            throw new InvalidBodyException(
                new Dictionary<string, string[]> { [field] = [$"{field} takes {ExpectedOf(typeof(T), field)}."] },
                $"The field {field} is not of the type it takes.");
        }
    }

    /// <summary>"$.expertId" → "expertId"; the body itself when the path says nothing more.</summary>
    private static string FieldOf(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path is { Length: > 1 } && path.StartsWith('$') ? path[1..]
        : "body";

    /// <summary>The JSON a property of <paramref name="type"/> takes, in words ("a string", "a whole number"…).</summary>
    private static string ExpectedOf(Type type, string field)
    {
        var property = type.GetProperties().FirstOrDefault(p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
        var kind = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return kind switch
        {
            null => "another kind of value",
            _ when kind == typeof(string) => "a string",
            _ when kind == typeof(int) || kind == typeof(long) => "a whole number",
            _ when kind == typeof(double) || kind == typeof(decimal) => "a number",
            _ when kind == typeof(bool) => "true or false",
            _ => "another kind of value",
        };
    }
}

/// <summary>
/// A JSON body the API cannot use as its operation's request: the reasons by field ("body" for the body as a whole),
/// answered once by <c>ProblemMiddleware</c> as a 400 validation problem.
/// </summary>
internal sealed class InvalidBodyException(IDictionary<string, string[]> errors, string title) : Exception(title)
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
