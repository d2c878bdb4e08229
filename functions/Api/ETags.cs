using Azure;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// A stored row's version (Table Storage's ETag) as clients see it and send it back: the <c>ETag</c> response header, the
/// <c>If-Match</c> request header (RFC 9110 §13.1.1), and the hidden <c>version</c> field of a page's form.
/// </summary>
public static class ETags
{
    /// <summary>The ETag as clients see it: quoted, without the weak marker <c>W/</c> Table Storage puts on it.</summary>
    public static string ForClient(ETag etag) => $"\"{Opaque(etag.ToString())}\"";

    /// <summary>
    /// Whether <paramref name="ifMatch"/> (one tag, or a comma-separated list; quoted or not, weak marker or not) names
    /// <paramref name="current"/>. <c>*</c> is not handled here: each caller says what it means for it.
    /// </summary>
    public static bool Matches(string ifMatch, ETag current)
    {
        var version = Opaque(current.ToString());
        return ifMatch.Split(',').Any(tag => Opaque(tag) == version);
    }

    /// <summary>
    /// Whether a change sent with <paramref name="sent"/> (an <c>If-Match</c>, or a page form's version field) was made
    /// from another version than <paramref name="current"/>: false when nothing was sent, for <c>*</c>, and when the
    /// current version is unknown — the write itself is still ETag-checked against the version read now.
    /// </summary>
    public static bool IsStale(string? sent, ETag? current) =>
        !string.IsNullOrWhiteSpace(sent) && sent.Trim() != "*" && current is { } version && !Matches(sent, version);

    private static string Opaque(string tag)
    {
        var value = tag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return value.Trim('"');
    }
}
