using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// The local sign-in's sessions (Identity mode "Keys"): the browser keeps a session ticket, never the key itself. A
/// ticket is the user's id and a random session id, protected by ASP.NET Core Data Protection (encrypted and signed,
/// time-limited to <see cref="Lifetime"/>). Signing out ends the session: its id is remembered until the ticket would
/// have expired, and a copy of the cookie no longer signs anyone in (issue 9: signing out ends the session). Sessions
/// are kept by the worker process: Keys mode is the local run's and the tests' (one instance); in Azure, App Service
/// Authentication keeps the session and <c>/.auth/logout</c> ends it.
/// </summary>
public sealed class SignInSessions(IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>How long a sign-in lasts without signing in again: 8 hours.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ITimeLimitedDataProtector _tickets = protection.CreateProtector("SupplierAssessment.SignIn.v1").ToTimeLimitedDataProtector();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    /// <summary>A new session's ticket for <paramref name="userId"/>, to keep in the sign-in cookie.</summary>
    public string Start(string userId) =>
        _tickets.Protect($"{userId}\n{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}", time.GetUtcNow() + Lifetime);

    /// <summary>The user id of a live session's ticket; null for a ticket that is forged, expired or signed out.</summary>
    public string? UserOf(string ticket) => Read(ticket) is { } session && !_ended.ContainsKey(session.Id) ? session.UserId : null;

    /// <summary>Ends the ticket's session (a ticket that does not read is ignored).</summary>
    public void End(string ticket)
    {
        if (Read(ticket) is not { } session)
        {
            return;
        }
        _ended[session.Id] = session.Expires;
        foreach (var (id, expires) in _ended)
        {
            if (expires < time.GetUtcNow())
            {
                _ended.TryRemove(id, out _); // past its expiry the ticket does not read anyway
            }
        }
    }

    private (string UserId, string Id, DateTimeOffset Expires)? Read(string ticket)
    {
        try
        {
            var parts = _tickets.Unprotect(ticket, out var expires).Split('\n');
            return parts.Length == 2 ? (parts[0], parts[1], expires) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
