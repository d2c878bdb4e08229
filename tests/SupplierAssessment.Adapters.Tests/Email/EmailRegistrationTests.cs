using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Email;

/// <summary>Which mailer the configuration picks, resolved from a real host's container.</summary>
public sealed class EmailRegistrationTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEmail();
        return builder.Build();
    }

    [Fact]
    public async Task Without_an_api_key_mail_goes_to_the_local_outbox()
    {
        using var host = Host(new() { ["Email:OutboxPath"] = _temp.Path });
        var mailer = host.Services.GetRequiredService<IMailer>();

        await mailer.SendAsync(Mails.Report(), CancellationToken.None);

        var outbox = host.Services.GetRequiredService<LocalOutboxMailer>();
        Assert.Same(outbox, mailer);
        Assert.Equal(_temp.Path, outbox.Folder);
        Assert.Single(outbox.List());
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
        Assert.Equal("no-reply@supplierassessment.local", host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.FromAddress);
    }

    [Fact]
    public async Task With_an_api_key_mail_goes_through_SendGrid_and_there_is_no_outbox()
    {
        await using var sendGrid = await SendGridCaptureServer.StartAsync();
        using var host = Host(new()
        {
            ["Email:SendGridApiKey"] = "SG.configured",
            ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
            ["Email:FromAddress"] = "noreply@buyer.example",
            ["Email:FromName"] = "Procurement Office",
        });
        var mailer = host.Services.GetRequiredService<IMailer>();

        await mailer.SendAsync(Mails.Report("report:r1:v1"), CancellationToken.None);

        Assert.IsType<SendGridMailer>(mailer);
        Assert.Same(mailer, host.Services.GetRequiredService<IMailer>());
        Assert.Null(host.Services.GetService<LocalOutboxMailer>());
        var mail = await sendGrid.WaitForMailAsync(m => m.IdempotencyKey == "report:r1:v1", TimeSpan.FromSeconds(5));
        Assert.Equal("Bearer SG.configured", mail.Authorization);
        Assert.Equal("noreply@buyer.example", (string?)mail.Body["from"]!["email"]);
        Assert.Equal("Procurement Office", (string?)mail.Body["from"]!["name"]);
    }

    [Theory]
    [InlineData("Email:FromAddress", "not an address")]
    [InlineData("Email:SendGridHost", "ftp://mail.example")]
    public async Task Invalid_settings_stop_the_host_at_start(string key, string value)
    {
        using var host = Host(new() { ["Email:OutboxPath"] = _temp.Path, [key] = value });

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
