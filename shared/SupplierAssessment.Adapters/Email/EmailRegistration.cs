using System.Net.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Adapters.Email;

public static class EmailRegistration
{
    /// <summary>
    /// Registers <see cref="IMailer"/> (section "Email"): <see cref="SendGridMailer"/> when <c>Email:SendGridApiKey</c>
    /// is set, otherwise <see cref="LocalOutboxMailer"/> (also registered as itself, for the outbox page).
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => MailAddress.TryCreate(o.FromAddress, out _), "Email:FromAddress is not an email address.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SendGridHost)
                           || Uri.TryCreate(o.SendGridHost, UriKind.Absolute, out var host) && (host.Scheme == Uri.UriSchemeHttps || host.Scheme == Uri.UriSchemeHttp),
                "Email:SendGridHost is not an http(s) URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.OutboxPath), "Email:OutboxPath is empty.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        var settings = builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        if (settings.UsesSendGrid)
        {
            // One long-lived client: pooled connections are recycled so DNS changes are still seen.
            builder.Services.AddHttpClient(SendGridMailer.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            builder.Services.AddSingleton<IMailer>(sp => new SendGridMailer(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridMailer.HttpClientName),
                sp.GetRequiredService<IOptions<EmailOptions>>(),
                sp.GetRequiredService<ILogger<SendGridMailer>>()));
        }
        else
        {
            builder.Services.AddSingleton<LocalOutboxMailer>();
            builder.Services.AddSingleton<IMailer>(sp => sp.GetRequiredService<LocalOutboxMailer>());
        }
        return builder;
    }
}
