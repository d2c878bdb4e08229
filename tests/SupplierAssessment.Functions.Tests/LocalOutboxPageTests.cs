using System.Net;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// <c>/dev/outbox</c>, the local outbox's page (no SendGrid key): when its folder is a file — as docs/operations.md
/// does to show email failing — the page says every email fails, rather than show an empty list (a fresh-user trial).
/// </summary>
public class LocalOutboxPageTests
{
    [Fact]
    public async Task The_outbox_page_says_so_when_its_folder_is_a_file_and_every_email_fails()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(folder, "not a folder");
        try
        {
            await using var host = await FunctionApp.StartAsync(new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = RunningApp.NoStorage,
                ["Storage:ConnectionString"] = RunningApp.NoStorage,
                ["Sample:Enabled"] = "false",
                ["Email:OutboxPath"] = folder,
            }, new HostLog());
            using var client = new HttpClient { BaseAddress = host.BaseAddress };

            using var broken = await client.GetAsync("/dev/outbox");
            Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
            Assert.Contains($"{folder} is a file, not a folder: every email fails to send", await broken.Content.ReadAsStringAsync());

            File.Delete(folder);
            Directory.CreateDirectory(folder);
            using var mended = await client.GetAsync("/dev/outbox");
            Assert.DoesNotContain("is a file, not a folder", await mended.Content.ReadAsStringAsync());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            File.Delete(folder);
        }
    }
}
