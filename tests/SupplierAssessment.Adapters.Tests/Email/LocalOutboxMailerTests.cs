using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Adapters.Tests.Email;

/// <summary>The outbox a developer reads when no SendGrid key is configured (a temp folder per test).</summary>
public sealed class LocalOutboxMailerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero));

    private string Outbox => Path.Combine(_temp.Path, "outbox");

    private LocalOutboxMailer Mailer() => new(Mails.Options(outbox: Outbox), _clock, NullLogger<LocalOutboxMailer>.Instance);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Writes_html_text_metadata_and_attachments_named_after_time_and_key()
    {
        var pdf = new byte[] { 1, 2, 3, 4 };
        await Mailer().SendAsync(Mails.Report("report:a1:v2", new EmailAttachment("report.pdf", "application/pdf", pdf)), CancellationToken.None);

        const string stem = "20250314-092653-589-report_a1_v2";
        Assert.Equal(
            [$"{stem}-report.pdf", $"{stem}.html", $"{stem}.json", $"{stem}.txt"],
            Directory.GetFiles(Outbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("<p>Report <strong>ready</strong></p>", await File.ReadAllTextAsync(Path.Combine(Outbox, stem + ".html")));
        Assert.Equal("Report ready", await File.ReadAllTextAsync(Path.Combine(Outbox, stem + ".txt")));
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(Outbox, stem + "-report.pdf")));
        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Outbox, stem + ".json")))!;
        Assert.Equal("pm@buyer.example", (string?)metadata["to"]);
        Assert.Equal("Pat Manager", (string?)metadata["toName"]);
        Assert.Equal("Gap report: Strong Hosting", (string?)metadata["subject"]);
        Assert.Equal("report:a1:v2", (string?)metadata["idempotencyKey"]);
        Assert.Equal(_clock.Now, (DateTimeOffset)metadata["sentAt"]!);
        var attachment = Assert.Single(metadata["attachments"]!.AsArray())!;
        Assert.Equal(("report.pdf", "application/pdf", 4), ((string?)attachment["fileName"], (string?)attachment["contentType"], (int)attachment["size"]!));
    }

    [Fact]
    public async Task List_returns_mails_newest_first_and_ReadHtml_opens_them()
    {
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report("report:first:v1"), CancellationToken.None);
        _clock.Now += TimeSpan.FromMinutes(5);
        await mailer.SendAsync(Mails.Report("invitation:second:x") with { Subject = "Security questionnaire for Datacentre" }, CancellationToken.None);

        var mails = mailer.List();

        Assert.Equal(["invitation:second:x", "report:first:v1"], mails.Select(m => m.IdempotencyKey));
        Assert.Equal(_clock.Now, mails[0].SentAt);
        Assert.Equal(("pm@buyer.example", "Security questionnaire for Datacentre"), (mails[0].To, mails[0].Subject));
        Assert.Equal(Path.Combine(Outbox, mails[0].Stem + ".html"), mails[0].HtmlPath);
        Assert.Contains("Security questionnaire for Datacentre", mailer.ReadHtml(mails[0].Stem));
    }

    [Fact]
    public async Task The_same_key_twice_in_the_same_millisecond_keeps_both_mails()
    {
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report("report:a1:v1"), CancellationToken.None);
        await mailer.SendAsync(Mails.Report("report:a1:v1") with { Subject = "replayed" }, CancellationToken.None);

        var mails = mailer.List();

        Assert.Equal(2, mails.Count);
        Assert.Equal(2, mails.Select(m => m.Stem).Distinct().Count());
        Assert.Contains(mails, m => m.Subject == "replayed");
    }

    [Fact]
    public void List_of_an_outbox_that_does_not_exist_yet_is_empty()
    {
        Assert.Empty(Mailer().List());
    }

    [Theory]
    [InlineData("../../etc/passwd", "../../evil.sh")]         // climbing out with '/'
    [InlineData("..\\..\\windows\\win.ini", "..\\..\\evil.bat")] // and with '\'
    [InlineData("/etc/passwd", "/etc/passwd")]                  // rooted paths
    [InlineData("..", "..")]                                    // nothing but dots
    public async Task Keys_and_attachment_names_cannot_leave_the_outbox(string key, string fileName)
    {
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report(key, new EmailAttachment(fileName, "text/plain", [0x41])), CancellationToken.None);

        Assert.Equal(["outbox"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(Outbox));
        var files = Directory.GetFiles(Outbox).Select(Path.GetFileName).ToArray();
        Assert.Equal(4, files.Length);
        Assert.All(files, f => Assert.DoesNotContain("..", f));
        var mail = Assert.Single(mailer.List());
        Assert.Equal(key, mail.IdempotencyKey);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("20250314-092653-589-report_a1_v1/../../x")]
    [InlineData("20250314-092653-589-unknown")]
    public async Task ReadHtml_of_an_unsafe_or_unknown_stem_is_null(string stem)
    {
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report(), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "x.html"), "outside the outbox");

        Assert.Null(mailer.ReadHtml(stem));
    }

    [Fact]
    public async Task Supplier_typed_subject_and_recipient_are_encoded_in_the_header_block()
    {
        var message = Mails.Report() with
        {
            To = "\"<img src=x onerror=alert(1)>\"@evil.example",
            ToName = "<script>alert('name')</script>",
            Subject = "Questionnaire for <script>alert('subject')</script> & co",
        };
        var mailer = Mailer();
        await mailer.SendAsync(message, CancellationToken.None);

        var html = mailer.ReadHtml(Assert.Single(mailer.List()).Stem)!;

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt; &amp; co", html);
        Assert.Contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public async Task The_header_block_goes_inside_the_body_of_a_full_document()
    {
        var document = "<!DOCTYPE html><html><head><title>t</title></head><body style=\"margin:0\"><p>Report</p></body></html>";
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report() with { Html = document }, CancellationToken.None);

        var html = mailer.ReadHtml(Assert.Single(mailer.List()).Stem)!;

        Assert.StartsWith("<!DOCTYPE html><html><head><title>t</title></head><body style=\"margin:0\"><div", html);
        Assert.Contains("Local outbox", html);
        Assert.EndsWith("<p>Report</p></body></html>", html);
    }

    [Fact]
    public async Task A_json_attachment_is_not_listed_as_a_mail()
    {
        var json = Encoding.UTF8.GetBytes("""{"to":"x@y.example","subject":"fake","idempotencyKey":"fake","sentAt":"2030-01-01T00:00:00Z"}""");
        var mailer = Mailer();
        await mailer.SendAsync(Mails.Report("report:a1:v1", new EmailAttachment("data.json", "application/json", json)), CancellationToken.None);

        Assert.Equal("report:a1:v1", Assert.Single(mailer.List()).IdempotencyKey);
    }
}
