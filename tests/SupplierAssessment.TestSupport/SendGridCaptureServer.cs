using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SupplierAssessment.TestSupport;

/// <summary>
/// A loopback stand-in for SendGrid's v3 API: a real Kestrel on a free 127.0.0.1 port that accepts
/// <c>POST /v3/mail/send</c> with a Bearer key, records each mail and answers 202 — or, after
/// <see cref="FailNext"/>, the status a test asked for. Point <c>Email:SendGridHost</c> at <see cref="BaseAddress"/>.
/// </summary>
public sealed class SendGridCaptureServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<CapturedMail> _mails = [];
    private readonly List<CapturedMail> _refused = [];
    private readonly List<(Func<CapturedMail, bool> Match, TaskCompletionSource<CapturedMail> Found)> _waiters = [];
    private (int Count, int Status) _failures;
    private WebApplication? _app;
    private Uri? _baseAddress;
    private bool _disposed;

    /// <summary>http://127.0.0.1:{port}/ once started.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("Start the capture server first (InitializeAsync).");

    /// <summary>The mails accepted so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<CapturedMail> Mails
    {
        get
        {
            lock (_gate)
            {
                return _mails.ToArray();
            }
        }
    }

    /// <summary>The requests answered with an error (forced by <see cref="FailNext"/>, or without a Bearer key), a snapshot.</summary>
    public IReadOnlyList<CapturedMail> Refused
    {
        get
        {
            lock (_gate)
            {
                return _refused.ToArray();
            }
        }
    }

    /// <summary>A started capture server.</summary>
    public static async Task<SendGridCaptureServer> StartAsync()
    {
        var server = new SendGridCaptureServer();
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        if (_app is not null)
        {
            return;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v3/mail/send", ReceiveAsync);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _baseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="statusCode"/> (and not recorded as mail).</summary>
    public void FailNext(int count, int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _failures = (count, statusCode);
        }
    }

    /// <summary>The first mail (already arrived or still to come) that matches; a TimeoutException lists what did arrive.</summary>
    public async Task<CapturedMail> WaitForMailAsync(Func<CapturedMail, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<CapturedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_mails.FirstOrDefault(match) is { } arrived)
            {
                return arrived;
            }
            _waiters.Add((match, found));
        }
        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            string arrived;
            lock (_gate)
            {
                _waiters.Remove((match, found));
                arrived = _mails.Count == 0
                    ? "none"
                    : string.Join("; ", _mails.Select(m => $"[{m.IdempotencyKey}] to {m.To}: {m.Subject}"));
                if (_refused.Count > 0)
                {
                    arrived += $" (and {_refused.Count} request(s) refused with an error status)";
                }
            }
            throw new TimeoutException($"No matching mail reached the SendGrid capture server within {timeout.TotalSeconds:0.#} s. Mails that arrived: {arrived}.");
        }
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        lock (_gate)
        {
            foreach (var (_, found) in _waiters)
            {
                found.TrySetCanceled();
            }
            _waiters.Clear();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }
        var mail = new CapturedMail(body ?? new JsonObject(), request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow);
        if (body is not JsonObject)
        {
            return Refuse(mail, StatusCodes.Status400BadRequest, "The request body is not a JSON object.");
        }
        if (!mail.Authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Refuse(mail, StatusCodes.Status401Unauthorized, "The provided authorization grant is invalid, expired, or revoked");
        }
        lock (_gate)
        {
            if (_failures.Count > 0)
            {
                _failures.Count--;
                _refused.Add(mail);
                return Error(_failures.Status, "Failure forced by the test (FailNext).");
            }
            _mails.Add(mail);
            foreach (var waiter in _waiters.ToArray())
            {
                bool matches;
                try
                {
                    matches = waiter.Match(mail);
                }
                catch (Exception e)
                {
                    _waiters.Remove(waiter);
                    waiter.Found.TrySetException(e);
                    continue;
                }
                if (matches)
                {
                    _waiters.Remove(waiter);
                    waiter.Found.TrySetResult(mail);
                }
            }
        }
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private IResult Refuse(CapturedMail mail, int status, string message)
    {
        lock (_gate)
        {
            _refused.Add(mail);
        }
        return Error(status, message);
    }

    /// <summary>An error in SendGrid's shape: <c>{"errors":[{"message":…,"field":null,"help":null}]}</c>.</summary>
    private static IResult Error(int status, string message) =>
        Results.Json(new { errors = new[] { new { message, field = (string?)null, help = (string?)null } } }, statusCode: status);
}

/// <summary>One request SendGrid would have received: the v3 JSON body and the Authorization header.</summary>
public sealed class CapturedMail(JsonNode body, string authorization, DateTimeOffset receivedAt)
{
    public JsonNode Body { get; } = body;

    /// <summary>The Authorization header as sent ("Bearer {key}"), empty when absent.</summary>
    public string Authorization { get; } = authorization;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The first recipient's address (personalizations[0].to[0].email).</summary>
    public string? To => Str(Body["personalizations"]?[0]?["to"]?[0]?["email"]);

    /// <summary>The subject (the personalization's, which SendGrid prefers, else the message's).</summary>
    public string? Subject => Str(Body["personalizations"]?[0]?["subject"]) ?? Str(Body["subject"]);

    public string? Html => Content("text/html");

    public string? Text => Content("text/plain");

    /// <summary>custom_args.idempotencyKey (the personalization's or the message's).</summary>
    public string? IdempotencyKey =>
        Str(Body["personalizations"]?[0]?["custom_args"]?["idempotencyKey"]) ?? Str(Body["custom_args"]?["idempotencyKey"]);

    public override string ToString() => $"[{IdempotencyKey}] to {To}: {Subject}";

    private string? Content(string type) =>
        Body["content"] is JsonArray contents
            ? contents.Where(c => Str(c?["type"]) == type).Select(c => Str(c?["value"])).FirstOrDefault()
            : null;

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
