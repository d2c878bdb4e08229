using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Adapters.Email;

/// <summary>One mail in the local outbox, for the outbox page.</summary>
public sealed record OutboxEntry(string Stem, string To, string Subject, DateTimeOffset SentAt, string IdempotencyKey, string HtmlPath);

/// <summary>
/// The mailer when no SendGrid key is configured: each message becomes files in the outbox folder —
/// <c>{stem}.html</c> (the HTML with a header block), <c>{stem}.txt</c>, <c>{stem}.json</c> (metadata) and
/// <c>{stem}-{file name}</c> per attachment — where the stem is <c>{yyyyMMdd-HHmmss-fff}-{idempotency key}</c>.
/// Every name is reduced to safe characters, so neither a key nor an attachment name can leave the folder.
/// </summary>
public sealed partial class LocalOutboxMailer : IMailer
{
    private const int MaxNamePart = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly TimeProvider _time;
    private readonly ILogger<LocalOutboxMailer> _logger;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public LocalOutboxMailer(IOptions<EmailOptions> options, TimeProvider time, ILogger<LocalOutboxMailer> logger)
    {
        Folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.OutboxPath));
        _time = time;
        _logger = logger;
    }

    /// <summary>The outbox folder (absolute).</summary>
    public string Folder { get; }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sentAt = _time.GetUtcNow();
        await _writing.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Folder);
            var stem = FreeStem($"{sentAt.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}-{SafeKey(message.IdempotencyKey)}");
            var attachments = new List<OutboxAttachment>();
            foreach (var attachment in message.Attachments ?? [])
            {
                var savedAs = FreeName($"{stem}-{SafeFileName(attachment.FileName)}");
                await File.WriteAllBytesAsync(PathOf(savedAs), attachment.Content, cancellationToken);
                attachments.Add(new OutboxAttachment(attachment.FileName, attachment.ContentType, attachment.Content.LongLength, savedAs));
            }
            await File.WriteAllTextAsync(PathOf(stem + ".html"), WithHeader(message, sentAt, attachments), cancellationToken);
            await File.WriteAllTextAsync(PathOf(stem + ".txt"), message.Text, cancellationToken);
            var metadata = new OutboxMetadata(message.To, message.ToName, message.Subject, message.IdempotencyKey, sentAt, attachments);
            await File.WriteAllTextAsync(PathOf(stem + ".json"), JsonSerializer.Serialize(metadata, Json), cancellationToken);
            _logger.LogInformation("Wrote {IdempotencyKey} to the local outbox as {Stem}", message.IdempotencyKey, stem);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The mails in the outbox, newest first (empty when the folder does not exist yet).</summary>
    public IReadOnlyList<OutboxEntry> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var mails = new List<(string Stem, OutboxMetadata Metadata)>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (IsSafeStem(stem) && Read(file) is { } metadata)
            {
                mails.Add((stem, metadata));
            }
        }
        // An attachment may itself be a .json file: it is a file of some mail, not a mail.
        var attachmentFiles = mails.SelectMany(m => m.Metadata.Attachments ?? []).Select(a => a.SavedAs).ToHashSet(StringComparer.Ordinal);
        return mails
            .Where(m => !attachmentFiles.Contains(m.Stem + ".json"))
            .Select(m => new OutboxEntry(m.Stem, m.Metadata.To!, m.Metadata.Subject!, m.Metadata.SentAt, m.Metadata.IdempotencyKey!, PathOf(m.Stem + ".html")))
            .OrderByDescending(e => e.SentAt)
            .ThenByDescending(e => e.Stem, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The HTML file of one outbox mail, or null when the stem is unknown or not a plain outbox name.</summary>
    public string? ReadHtml(string stem)
    {
        if (!IsSafeStem(stem))
        {
            return null;
        }
        try
        {
            return File.ReadAllText(PathOf(stem + ".html"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static OutboxMetadata? Read(string file)
    {
        try
        {
            var metadata = JsonSerializer.Deserialize<OutboxMetadata>(File.ReadAllText(file), Json);
            return metadata is { To: not null, Subject: not null, IdempotencyKey: not null } ? metadata : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null; // not one of ours, or being written
        }
    }

    /// <summary>A path directly inside the outbox; a name that would resolve anywhere else is a bug, not a file.</summary>
    private string PathOf(string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(Folder, fileName));
        if (!string.Equals(Path.GetDirectoryName(path), Folder, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("An outbox file name resolved outside the outbox folder.");
        }
        return path;
    }

    /// <summary>The stem itself, or with -2, -3… when a mail with the same key was written in the same millisecond.</summary>
    private string FreeStem(string stem)
    {
        var candidate = stem;
        for (var n = 2; File.Exists(PathOf(candidate + ".json")) || File.Exists(PathOf(candidate + ".html")); n++)
        {
            candidate = $"{stem}-{n}";
        }
        return candidate;
    }

    private string FreeName(string fileName)
    {
        var candidate = fileName;
        for (var n = 2; File.Exists(PathOf(candidate)); n++)
        {
            candidate = $"{Path.GetFileNameWithoutExtension(fileName)}-{n}{Path.GetExtension(fileName)}";
        }
        return candidate;
    }

    /// <summary>Letters, digits, '-' and '_' only (no dots, no separators): <c>report:abc:v2</c> → <c>report_abc_v2</c>.</summary>
    internal static string SafeKey(string key)
    {
        var safe = Truncate(UnsafeKeyChars().Replace(key, "_"));
        return safe.Length == 0 ? "mail" : safe;
    }

    /// <summary>The last segment only, in letters, digits, '.', '-' and '_', never starting with a dot: <c>..\..\x .sh</c> → <c>x_.sh</c>.</summary>
    internal static string SafeFileName(string fileName)
    {
        var safe = Truncate(UnsafeFileNameChars().Replace(Path.GetFileName(fileName.Replace('\\', '/')), "_").TrimStart('.'));
        return safe.Length == 0 ? "attachment" : safe;
    }

    private static bool IsSafeStem(string? stem) => stem is { Length: > 0 and <= 200 } && SafeStem().IsMatch(stem);

    private static string Truncate(string name) => name.Length > MaxNamePart ? name[..MaxNamePart] : name;

    private static string WithHeader(EmailMessage message, DateTimeOffset sentAt, IReadOnlyList<OutboxAttachment> attachments)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var to = string.IsNullOrWhiteSpace(message.ToName) ? E(message.To) : $"{E(message.ToName)} &lt;{E(message.To)}&gt;";
        var header = new StringBuilder()
            .Append("<div style=\"font:13px/1.5 monospace;background:#fffbe6;color:#333;border-bottom:1px solid #e0d890;padding:8px 12px;\">")
            .Append("<strong>Local outbox</strong> (not sent)<br>")
            .Append("To: ").Append(to).Append("<br>")
            .Append("Subject: ").Append(E(message.Subject)).Append("<br>")
            .Append("Key: ").Append(E(message.IdempotencyKey)).Append("<br>")
            .Append("Written: ").Append(E(sentAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        if (attachments.Count > 0)
        {
            header.Append("<br>Attachments: ").Append(string.Join(", ", attachments.Select(a => $"{E(a.FileName)} ({E(a.ContentType)}, {a.Size} bytes)")));
        }
        header.Append("</div>");

        // A full document gets the block right after <body …>; a fragment is wrapped in a document.
        var html = message.Html;
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var bodyEnd = body < 0 ? -1 : html.IndexOf('>', body);
        return bodyEnd >= 0
            ? html.Insert(bodyEnd + 1, header.ToString())
            : $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{E(message.Subject)}</title></head><body>{header}{html}</body></html>";
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeKeyChars();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeFileNameChars();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeStem();

    private sealed record OutboxAttachment(string FileName, string ContentType, long Size, string SavedAs);

    private sealed record OutboxMetadata(
        string? To, string? ToName, string? Subject, string? IdempotencyKey, DateTimeOffset SentAt, IReadOnlyList<OutboxAttachment>? Attachments);
}
