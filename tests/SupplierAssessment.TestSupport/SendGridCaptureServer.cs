using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace SupplierAssessment.TestSupport;

/// <summary>
/// A loopback stand-in for SendGrid's v3 API: a real Kestrel on a free 127.0.0.1 port that accepts
/// <c>POST /v3/mail/send</c> with a Bearer key, records each mail and answers 202 — or, after
/// <see cref="FailNext"/>, the status a test asked for. Point <c>Email:SendGridHost</c> at <see cref="BaseAddress"/>.
/// After <see cref="HoldAnswers"/> each request waits unanswered until <see cref="ReleaseAnswers"/>: a fault test can
/// kill the sender while its emails are in flight. As for any HTTP API, a request counts as accepted only once its 202
/// was written to a caller still connected; one whose caller went away first is no mail (<see cref="Abandoned"/>).
/// </summary>
public sealed class SendGridCaptureServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<CapturedMail> _mails = [];
    private readonly List<CapturedMail> _refused = [];
    private readonly List<(Func<CapturedMail, bool> Match, TaskCompletionSource<CapturedMail> Found)> _waiters = [];
    private readonly Dictionary<string, TaskCompletionSource<CapturedMail>> _byKey = new(StringComparer.Ordinal);
    private readonly List<CapturedMail> _held = [];
    private readonly List<CapturedMail> _abandoned = [];
    private TaskCompletionSource? _hold;
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

    /// <summary>The requests held unanswered right now (<see cref="HoldAnswers"/>), a snapshot.</summary>
    public IReadOnlyList<CapturedMail> Held
    {
        get
        {
            lock (_gate)
            {
                return _held.ToArray();
            }
        }
    }

    /// <summary>How many requests are held unanswered right now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>
    /// The requests whose caller went away (connection dropped: <c>HttpContext.RequestAborted</c>) while held, before
    /// their 202 was written: never accepted, so not in <see cref="Mails"/>. A snapshot, in the order they were dropped.
    /// </summary>
    public IReadOnlyList<CapturedMail> Abandoned
    {
        get
        {
            lock (_gate)
            {
                return _abandoned.ToArray();
            }
        }
    }

    /// <summary>From now on each valid request waits unanswered (see <see cref="Held"/>) until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers()
    {
        lock (_gate)
        {
            _hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Answers every held request (202, recorded as mail if its caller is still there) and stops holding.</summary>
    public void ReleaseAnswers()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }
        hold?.TrySetResult();
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> requests are held whose idempotency key matches
    /// <paramref name="key"/> (any when null); a TimeoutException says what is held.
    /// </summary>
    public async Task<IReadOnlyList<CapturedMail>> WaitForHeldAsync(int count, TimeSpan timeout, Func<string?, bool>? key = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var held = Held.Where(m => key is null || key(m.IdempotencyKey)).ToList();
            if (held.Count >= count)
            {
                return held;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"{held.Count} of {count} requests held at the SendGrid capture server after {timeout.TotalSeconds:0.#} s: {string.Join("; ", held)}; {Mails.Count} mails accepted, {Abandoned.Count} abandoned.");
            }
            await Task.Delay(50);
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

    /// <summary>
    /// One task per idempotency key (<c>custom_args.idempotencyKey</c>), completed by the first mail with that key,
    /// already arrived or still to come; the caller bounds the wait (<c>WaitAsync</c>). For a load run waiting for hundreds
    /// of mails at once: an arriving mail is matched by one lookup, where every <see cref="WaitForMailAsync"/> waiter is
    /// tried on every mail, and each new one on every mail already arrived.
    /// </summary>
    public IReadOnlyDictionary<string, Task<CapturedMail>> WaitForKeys(IEnumerable<string> idempotencyKeys)
    {
        lock (_gate)
        {
            var wanted = idempotencyKeys.ToHashSet(StringComparer.Ordinal);
            var tasks = new Dictionary<string, Task<CapturedMail>>(StringComparer.Ordinal);
            foreach (var mail in _mails)
            {
                if (mail.IdempotencyKey is { } key && wanted.Contains(key))
                {
                    tasks.TryAdd(key, Task.FromResult(mail));
                }
            }
            foreach (var key in wanted.Where(k => !tasks.ContainsKey(k)))
            {
                if (!_byKey.TryGetValue(key, out var found))
                {
                    _byKey[key] = found = new TaskCompletionSource<CapturedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                tasks[key] = found.Task;
            }
            return tasks;
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
        ReleaseAnswers();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        lock (_gate)
        {
            foreach (var found in _waiters.Select(w => w.Found).Concat(_byKey.Values))
            {
                found.TrySetCanceled();
            }
            _waiters.Clear();
            _byKey.Clear();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var (mail, error) = await CheckAsync(request);
        if (error is not null)
        {
            return error;
        }
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            if (hold is not null)
            {
                _held.Add(mail);
            }
        }
        if (hold is null)
        {
            Accept(mail);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }
        var aborted = request.HttpContext.RequestAborted;
        try
        {
            await hold.Task.WaitAsync(aborted);
            request.HttpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            await request.HttpContext.Response.CompleteAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
        }
        lock (_gate)
        {
            _held.Remove(mail);
            if (aborted.IsCancellationRequested)
            {
                _abandoned.Add(mail);
                return Results.Empty;
            }
        }
        Accept(mail);
        return Results.Empty;
    }

    /// <summary>The mail in the request, or the error answer (recorded as refused) for a bad body, a missing key or a forced failure.</summary>
    private async Task<(CapturedMail Mail, IResult? Result)> CheckAsync(HttpRequest request)
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
            return (mail, Refuse(mail, StatusCodes.Status400BadRequest, "The request body is not a JSON object."));
        }
        if (!mail.Authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (mail, Refuse(mail, StatusCodes.Status401Unauthorized, "The provided authorization grant is invalid, expired, or revoked"));
        }
        lock (_gate)
        {
            if (_failures.Count > 0)
            {
                _failures.Count--;
                _refused.Add(mail);
                return (mail, Error(_failures.Status, "Failure forced by the test (FailNext)."));
            }
        }
        return (mail, null);
    }

    /// <summary>Records an accepted mail and wakes the waiters it matches.</summary>
    private void Accept(CapturedMail mail)
    {
        lock (_gate)
        {
            _mails.Add(mail);
            if (_byKey.Count > 0 && mail.IdempotencyKey is { } key && _byKey.Remove(key, out var keyed))
            {
                keyed.TrySetResult(mail);
            }
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
