namespace SupplierAssessment.Functions.Hosting;

public static class RequestLimits
{
    /// <summary>The largest JSON body the API reads (answers, what-if requests), and any form: 256 KiB.</summary>
    public const long MaxJsonBody = 256 * 1024;

    /// <summary>The largest evidence file a supplier may attach: 10 MiB.</summary>
    public const long MaxEvidenceBytes = 10 * 1024 * 1024;

    /// <summary>An evidence upload's whole body: the file and the few form fields around it (64 KiB).</summary>
    public const long MaxEvidenceUpload = MaxEvidenceBytes + 64 * 1024;
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

    /// <summary>The page handler it applies to (case-insensitive); every request of the function when null.</summary>
    public string? Handler { get; init; }
}
