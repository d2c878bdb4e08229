using System.Net;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// The local outbox (no SendGrid key configured): every email the app "sent", readable in a browser.
/// Served only to callers on this machine, and only when the outbox is the mailer; a 404 otherwise.
/// </summary>
public sealed class OutboxFunctions(IMailer mailer)
{
    /// <summary><c>GET /dev/outbox</c>: the emails sent, newest first, each linking to its HTML.</summary>
    [Function(nameof(Outbox))]
    public IResult Outbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox")] HttpRequest request)
    {
        if (Open(request) is not { } outbox)
        {
            return Results.NotFound();
        }
        // The folder replaced by a file (as operations.md does to show email failing): every send fails; say so here
        // rather than show an empty list (a fresh-user trial).
        var broken = File.Exists(outbox.Folder)
            ? $"<p role=\"alert\"><strong>{WebUtility.HtmlEncode(outbox.Folder)} is a file, not a folder: every email fails to send until it is a folder again.</strong></p>"
            : "";
        var rows = new StringBuilder();
        foreach (var mail in outbox.List())
        {
            rows.Append("<tr><td>").Append(mail.SentAt.ToString("yyyy-MM-dd HH:mm:ss")).Append("</td><td>")
                .Append(WebUtility.HtmlEncode(mail.To)).Append("</td><td><a href=\"/dev/outbox/").Append(Uri.EscapeDataString(mail.Stem)).Append("\">")
                .Append(WebUtility.HtmlEncode(mail.Subject)).Append("</a></td></tr>");
        }
        return Results.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local outbox</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
            <h1>Local outbox</h1><p>Emails the app sent while no SendGrid key is configured, newest first.</p>{broken}
            <table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>{rows}</tbody></table>
            <p><a href="/">Home</a></p></body></html>
            """, "text/html; charset=utf-8");
    }

    /// <summary><c>GET /dev/outbox/{stem}</c>: one email's HTML, with no script or remote content allowed.</summary>
    [Function(nameof(OutboxMail))]
    public IResult OutboxMail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox/{stem}")] HttpRequest request, string stem)
    {
        if (Open(request) is not { } outbox || outbox.ReadHtml(stem) is not { } html)
        {
            return Results.NotFound();
        }
        request.HttpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// The outbox when it is the mailer and the caller is on this machine: the connection is from loopback and so is
    /// every address a forwarding host named in X-Forwarded-For (the Functions host forwards each request to the worker).
    /// </summary>
    private LocalOutboxMailer? Open(HttpRequest request)
    {
        var connection = request.HttpContext.Connection.RemoteIpAddress;
        var forwarded = request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var local = connection is not null && IPAddress.IsLoopback(connection)
                    && forwarded.All(a => IPAddress.TryParse(a, out var ip) && IPAddress.IsLoopback(ip));
        return local ? mailer as LocalOutboxMailer : null;
    }
}
