using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>Section "Security": how many wrong keys a client may try before it must wait.</summary>
public sealed class KeyGuardOptions
{
    /// <summary>Failed key checks (a wrong sign-in key, a bearer key nobody holds, a supplier link that does not exist) allowed per window and client address.</summary>
    public int FailedKeyLimit { get; set; } = 20;

    /// <summary>The window the limit counts in; a client over the limit waits until it ends.</summary>
    public TimeSpan FailedKeyWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Slows down key guessing (issue 13): per client address, at most <see cref="KeyGuardOptions.FailedKeyLimit"/> failed key
/// checks in a <see cref="KeyGuardOptions.FailedKeyWindow"/> (ASP.NET Core's <see cref="PartitionedRateLimiter"/>, fixed
/// window, no queue). Past it, every request from that address that presents a key — right or wrong — answers 429 with
/// <c>Retry-After</c> until the window ends, so that a guesser learns nothing from the answers. Counted per instance:
/// several instances each allow the limit (docs/operations.md).
/// </summary>
public sealed class KeyGuard(IOptions<KeyGuardOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.FailedKeyLimit),
            Window = options.Value.FailedKeyWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>
    /// True (with how long to wait) when the caller has used up its failed key checks for this window.
    /// </summary>
    public bool IsLockedOut(HttpContext http, out TimeSpan retryAfter)
    {
        using var lease = _failures.AttemptAcquire(ClientOf(http), 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.FailedKeyWindow;
        return !lease.IsAcquired;
    }

    /// <summary>Counts one failed key check against the caller's address.</summary>
    public void RecordFailure(HttpContext http) => TryRecordFailure(http, out _);

    /// <summary>
    /// Counts one failed key check against the caller's address, atomically: false (with how long to wait) when the
    /// address had none left, so that even wrong keys sent all at once get at most the limit of answers.
    /// </summary>
    public bool TryRecordFailure(HttpContext http, out TimeSpan retryAfter)
    {
        using var lease = _failures.AttemptAcquire(ClientOf(http));
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.FailedKeyWindow;
        return lease.IsAcquired;
    }

    /// <summary>
    /// The 429 answer, with <c>Retry-After</c> in whole seconds (at least 1): a page in the site's layout for a browser
    /// on a page (issue 12: never problem+json in a browser), problem+json otherwise.
    /// </summary>
    public static Task RefuseAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (Pages.ErrorPages.ForBrowser(http))
        {
            return Pages.ErrorPages.WriteAsync(http, Pages.ErrorPages.TooManyAttempts(http, seconds));
        }
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: http.T(
            $"Too many wrong keys or links from your address. Try again in {seconds} s.",
            $"Trop de clés ou de liens erronés depuis votre adresse. Réessayez dans {seconds} s.")).ExecuteAsync(http);
    }

    /// <summary>
    /// The client's address: the connection's, which the worker's ASP.NET Core integration has already taken from the last
    /// <c>X-Forwarded-For</c> entry — the one the Functions host appended (locally tools/FunctionsLocalHost does), never
    /// one a client wrote. The entries left in the header are the client's own: reading the last of them let a guesser
    /// name a new address in each request and never be refused (issue 13, a fresh-user trial).
    /// </summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _failures.Dispose();
}
