namespace SupplierAssessment.Functions.Hosting;

public static class RequestLimits
{
    /// <summary>The largest JSON body the API reads (answers, what-if requests), and any form: 256 KiB.</summary>
    public const long MaxJsonBody = 256 * 1024;

    /// <summary>The largest evidence file a supplier may attach: 10 MiB.</summary>
    public const long MaxEvidenceBytes = 10 * 1024 * 1024;

    /// <summary>
    /// An evidence upload's whole body through the API: as the page's (<see cref="MaxPageUpload"/>, the host's own
    /// limit), so that a file over <see cref="MaxEvidenceBytes"/> is read and refused with a 413 problem+json. A lower
    /// limit made the worker stop reading mid-upload, and a client that does not wait for <c>100-continue</c> got an
    /// empty 502 from the host instead of the 413 (a new user's trial).
    /// </summary>
    public const long MaxEvidenceUpload = MaxPageUpload;

    /// <summary>
    /// The whole body of the supplier page's topic form (answers and chosen evidence files, one form): 100 MiB, the
    /// Functions host's own default request limit, so that a page post the host lets through is always read. A file
    /// over <see cref="MaxEvidenceBytes"/> is then refused beside its question with the answers kept — the page
    /// again, never a body the page cannot read (issue 12). The form reader spools files to disk, not memory.
    /// </summary>
    public const long MaxPageUpload = 100 * 1024 * 1024;
}

/// <summary>
/// Raises the body limit (bytes) of this function's requests above <see cref="RequestLimits.MaxJsonBody"/> — for
/// uploads. <see cref="AccessMiddleware"/> applies it before anything reads the body; with <see cref="Handler"/> only
/// to the form posted with <c>?handler=</c> that name.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyLimitAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;

    /// <summary>The page handlers it applies to, comma-separated (case-insensitive); every request of the function when null.</summary>
    public string? Handler { get; init; }

    /// <summary>Whether the limit applies to a request posted with <c>?handler=</c><paramref name="handler"/>.</summary>
    public bool AppliesTo(string? handler) =>
        Handler is null || Handler.Split(',').Any(h => h.Trim().Equals(handler, StringComparison.OrdinalIgnoreCase));
}
