using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Adapters.Tests.Email;

/// <summary>Builders and small helpers for the email tests.</summary>
internal static class Mails
{
    public static EmailMessage Report(string key = "report:a1:v1", params EmailAttachment[] attachments) =>
        new("pm@buyer.example", "Pat Manager", "Gap report: Strong Hosting", "<p>Report <strong>ready</strong></p>", "Report ready", key,
            attachments.Length == 0 ? null : attachments);

    public static IOptions<EmailOptions> Options(string? apiKey = null, Uri? host = null, string? outbox = null) =>
        Microsoft.Extensions.Options.Options.Create(new EmailOptions
        {
            SendGridApiKey = apiKey,
            SendGridHost = host?.ToString().TrimEnd('/'),
            FromAddress = "reports@buyer.example",
            FromName = "Buyer Reports",
            OutboxPath = outbox ?? ".outbox",
        });
}

/// <summary>A clock that stands still until a test moves it.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Keeps every log line (rendered, with its template arguments) so a test can say what must never be logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        lock (_lines)
        {
            _lines.Add($"{logLevel}: {formatter(state, exception)} | {values}");
        }
    }
}

/// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sa-email-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
