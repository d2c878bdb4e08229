using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The app on an empty storage with the sample on, as <c>scripts/run.sh</c> starts it.</summary>
public sealed class SampleApp : PipelineApp
{
    protected override bool SeedSample => true;
}

/// <summary>What a newcomer finds after starting the app: a sample procurement with a scored report and its email.</summary>
public class SampleProcurementTests(SampleApp app) : IClassFixture<SampleApp>
{
    [Fact]
    public async Task Empty_storage_gets_a_sample_with_one_reported_supplier_and_one_still_to_answer()
    {
        using var pm = PipelineApp.Client(app.BaseAddress, PipelineApp.SamplePmKey);
        var procurement = await WaitForSampleAsync(pm);
        var procurementId = (string)procurement["id"]!;

        var assessments = (await pm.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!["assessments"]!.AsArray();
        Assert.Equal(["Contoso Cloud", "Northwind Hosting"], assessments.Select(a => (string)a!["supplierName"]!).Order());
        var northwind = assessments.Single(a => (string)a!["supplierName"]! == "Northwind Hosting")!;
        var northwindId = (string)northwind["id"]!;

        // The answered supplier's report goes through the real pipeline: a report in blob storage, an email with its PDF.
        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{northwindId}:v1", TimeSpan.FromSeconds(60));
        Assert.Equal(SampleProcurement.OwnerId, mail.To);
        Assert.Contains($"/procurements/{procurementId}/assessments/{northwindId}/reports/1", mail.Html);
        var report = await pm.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{northwindId}/reports/1");
        Assert.Equal("Northwind Hosting", (string)report!["assessment"]!["supplierName"]!);
        Assert.Equal(22, report["gap"]!["achievedLevels"]!.AsObject().Count);

        // The other supplier has not answered yet: its questionnaire is there to open.
        var contoso = assessments.Single(a => (string)a!["supplierName"]! == "Contoso Cloud")!;
        Assert.Equal("invited", (string)contoso["state"]!);

        // Starting again on the same storage seeds nothing more.
        await app.Services.GetRequiredService<SampleProcurement>().SeedIfEmptyAsync(CancellationToken.None);
        Assert.Single((await pm.GetFromJsonAsync<JsonNode>("/api/procurements"))!.AsArray());
    }

    [Fact]
    public async Task Another_project_manager_does_not_see_the_sample()
    {
        using var pm = PipelineApp.Client(app.BaseAddress, PipelineApp.SamplePmKey);
        await WaitForSampleAsync(pm);
        var others = await app.ProjectManager.GetFromJsonAsync<JsonNode>("/api/procurements");
        Assert.DoesNotContain(others!.AsArray(), p => ((string)p!["name"]!).Contains("(sample)"));
    }

    private static async Task<JsonNode> WaitForSampleAsync(HttpClient pm)
    {
        for (var i = 0; i < 100; i++)
        {
            using var response = await pm.GetAsync("/api/procurements");
            if (response.StatusCode == HttpStatusCode.OK
                && (await response.Content.ReadFromJsonAsync<JsonNode>())!.AsArray() is [{ } procurement])
            {
                Assert.Equal("Ministry web portal hosting (sample)", (string)procurement["name"]!);
                return procurement;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("No sample procurement within 10 s of starting.");
    }
}
