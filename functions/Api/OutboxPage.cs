using System.Net;
using System.Text;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// The local outbox (no SendGrid key configured): every email the app "sent", readable in a browser.
/// Served only to loopback callers, and only when the outbox is the mailer.
/// </summary>
public static class OutboxPage
{
    public static IEndpointRouteBuilder MapOutboxPage(this IEndpointRouteBuilder app)
    {
        app.MapFunction("Outbox", (HttpContext http, IServiceProvider services) =>
        {
            if (Refuse(http, services) is { } refused)
            {
                return refused;
            }
            var outbox = services.GetRequiredService<LocalOutboxMailer>();
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
                <h1>Local outbox</h1><p>Emails the app sent while no SendGrid key is configured, newest first.</p>
                <table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>{rows}</tbody></table>
                <p><a href="/">Home</a></p></body></html>
                """, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapFunction("OutboxMail", (string stem, HttpContext http, IServiceProvider services) =>
        {
            if (Refuse(http, services) is { } refused)
            {
                return refused;
            }
            var html = services.GetRequiredService<LocalOutboxMailer>().ReadHtml(stem);
            if (html is null)
            {
                return Results.NotFound();
            }
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static IResult? Refuse(HttpContext http, IServiceProvider services) =>
        http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) && services.GetService<LocalOutboxMailer>() is not null
            ? null
            : Results.NotFound();
}
