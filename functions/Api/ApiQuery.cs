using SupplierAssessment.Domain;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// The API's <c>?format=</c> and <c>?lang=</c>, read alike on every endpoint that offers them: case-insensitive,
/// <c>format</c> one of the endpoint's formats (the first when left out; not read where there are none), <c>lang</c> one of
/// <see cref="LocalizedText.Languages"/> or left out. Both are checked at once, so that a 400 names every wrong one
/// (a fresh-user trial: <c>?format=CSV</c> was accepted and <c>?lang=FR</c> refused, and only the first fault was named).
/// </summary>
internal static class ApiQuery
{
    /// <summary>
    /// The asked format (lower case) and language (lower case, null when left out), or the 400 validation problem
    /// naming each of <c>format</c> and <c>lang</c> that is wrong. <paramref name="formats"/>: the endpoint's formats,
    /// its default first; none for an endpoint that only reads <c>lang</c> (Format is then "").
    /// </summary>
    public static (string Format, string? Language, IResult? Problem) Read(HttpRequest request, params string[] formats)
    {
        var errors = new Dictionary<string, string[]>();
        var format = formats.Length == 0 ? "" : request.Query.TryGetValue("format", out var asked) ? asked.ToString().ToLowerInvariant() : formats[0];
        if (formats.Length > 0 && !formats.Contains(format))
        {
            errors["format"] = [$"Ask for format {string.Join(", ", formats[..^1])} or {formats[^1]}."];
        }
        string? language = null;
        if (request.Query.TryGetValue("lang", out var lang))
        {
            language = lang.ToString().ToLowerInvariant();
            if (!LocalizedText.Languages.Contains(language))
            {
                errors["lang"] = ["Ask for lang en or fr, or leave it out for your own language."];
            }
        }
        return errors.Count == 0 ? (format, language, null)
            : (format, language, Problems.Invalid(errors, errors.Count == 1 ? errors.Values.Single()[0] : "Ask for a format and a language that exist."));
    }
}

/// <summary>
/// Documents a query parameter an operation reads, for the OpenAPI document (<see cref="OpenApiFunctions"/>): never
/// required, one of <see cref="Values"/> in any case. The function reads and checks it itself (<see cref="ApiQuery"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, string description, params string[] values) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;

    /// <summary>The values it takes, the default first when there is one.</summary>
    public IReadOnlyList<string> Values { get; } = values;
}
