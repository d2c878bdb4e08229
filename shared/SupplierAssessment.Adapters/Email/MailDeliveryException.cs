namespace SupplierAssessment.Adapters.Email;

/// <summary>
/// The mail provider did not accept a message. <see cref="Retryable"/> is true when trying again later can help
/// (throttling, a server error, the network); false when the same request will always be refused (bad request,
/// bad key, forbidden sender).
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException(string message, int? statusCode, bool retryable, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Retryable = retryable;
    }

    /// <summary>The provider's HTTP status, or null when no answer came back (network failure, timeout).</summary>
    public int? StatusCode { get; }

    public bool Retryable { get; }

    /// <summary>408 (request timeout), 429 (throttled) and 5xx are worth retrying; any other status is not.</summary>
    public static bool IsRetryableStatus(int statusCode) => statusCode is 408 or 429 or >= 500;
}
