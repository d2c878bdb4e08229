using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// A bounded loopback run: the app on Kestrel, a fresh Azurite, the real SendGrid client to a capture server.
/// 1. Storage calls per operation, counted by the Azure SDK pipeline policy, with the queue listeners off and
///    the stages invoked one by one (so polling does not count).
/// 2. Submit → email latency for N suppliers submitting at once, with the local listeners on.
/// </summary>
public static class PipelineLoad
{
    public static async Task RunAsync(int suppliers)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var mail = await SendGridCaptureServer.StartAsync();

        Console.WriteLine("## Storage calls per operation");
        await using (var app = await StartAsync(azurite, mail, runQueues: false, "calls"))
        {
            await CountCallsAsync(app);
        }

        Console.WriteLine($"\n## Submit → email latency, {suppliers} suppliers at once");
        await using (var app = await StartAsync(azurite, mail, runQueues: true, "load"))
        {
            await LatencyAsync(app, mail, suppliers);
        }
    }

    private static async Task CountCallsAsync(RunningApp app)
    {
        var counter = app.Services.GetRequiredService<StorageCallCounter>();
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Counted Hosting");

        long Calls() => counter.Calls;
        var before = Calls();
        var (etag, questionnaire) = await app.OpenAsync(token);
        var open = Calls() - before;

        before = Calls();
        etag = await app.SaveAsync(token, etag, AnswersFor(questionnaire));
        var firstSave = Calls() - before;
        before = Calls();
        etag = await app.SaveAsync(token, etag, AnswersFor(questionnaire));
        var save = Calls() - before;
        etag = await app.AttachRequiredEvidenceAsync(token, questionnaire, etag);

        before = Calls();
        await app.SubmitAsync(token, etag);
        var submit = Calls() - before;

        var stages = app.Services.GetServices<IStageHandler>().ToDictionary(h => h.FunctionName);
        var account = app.Services.GetRequiredService<StorageAccount>();
        var pipeline = 0L;
        foreach (var (function, queue) in new[] { ("ScoreAssessment", "assessment-submitted"), ("RenderReport", "report-requested"), ("NotifyProjectManager", "report-ready") })
        {
            var message = (await account.Queue(queue).ReceiveMessagesAsync(1)).Value.Single();
            await account.Queue(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt);
            before = Calls();
            await stages[function].HandleAsync(message.Body.ToString(), 1, CancellationToken.None);
            var calls = Calls() - before;
            pipeline += calls;
            Console.WriteLine($"| {function} stage | {calls} |");
        }
        Console.WriteLine($"| open questionnaire | {open} |");
        Console.WriteLine($"| first save (invited → inProgress, with its audit row) | {firstSave} |");
        Console.WriteLine($"| save answers | {save} |");
        Console.WriteLine($"| submit (incl. enqueue + audit) | {submit} |");
        Console.WriteLine($"| whole pipeline after submit (score + render + notify) | {pipeline} |");
        Console.WriteLine($"| submit + pipeline | {submit + pipeline} |");
        _ = assessmentId;
    }

    private static async Task LatencyAsync(RunningApp app, SendGridCaptureServer mail, int suppliers)
    {
        var procurementId = await app.CreateProcurementAsync();
        var invited = new List<(string Id, string Token)>();
        for (var i = 0; i < suppliers; i++)
        {
            invited.Add(await app.InviteAsync(procurementId, $"Supplier {i:00}"));
        }
        var prepared = await Task.WhenAll(invited.Select(async s =>
        {
            var (etag, questionnaire) = await app.OpenAsync(s.Token);
            etag = await app.SaveAsync(s.Token, etag, AnswersFor(questionnaire));
            etag = await app.AttachRequiredEvidenceAsync(s.Token, questionnaire, etag);
            return (s.Id, s.Token, ETag: etag);
        }));

        var wall = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(prepared.Select(async s =>
        {
            await app.SubmitAsync(s.Token, s.ETag);
            var submittedAt = DateTimeOffset.UtcNow;
            var email = await mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{s.Id}:v1", TimeSpan.FromSeconds(120));
            return (email.ReceivedAt - submittedAt).TotalMilliseconds;
        }));
        wall.Stop();
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine($"| suppliers | {suppliers} |");
        Console.WriteLine($"| p50 submit → email | {Percentile(0.50):0} ms |");
        Console.WriteLine($"| p95 submit → email | {Percentile(0.95):0} ms |");
        Console.WriteLine($"| max submit → email | {latencies[^1]:0} ms |");
        Console.WriteLine($"| all {suppliers} emailed after | {wall.ElapsedMilliseconds} ms |");
    }

    private static Dictionary<string, object> AnswersFor(JsonNode questionnaire)
    {
        var i = 0;
        return questionnaire["topics"]!.AsArray().SelectMany(t => t!["questions"]!.AsArray())
            .Where(q => (string)q!["kind"]! != "evidence")
            .ToDictionary(q => (string)q!["id"]!, q => (string)q!["kind"]! switch
            {
                "scale" => (object)(i++ % 6),
                "choice" => (string)q!["options"]![i++ % q["options"]!.AsArray().Count]!["id"]!,
                _ => "Described in our security plan.",
            });
    }

    private static async Task<RunningApp> StartAsync(AzuriteServer azurite, SendGridCaptureServer mail, bool runQueues, string prefix)
    {
        var app = SupplierAssessmentApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:Prefix"] = prefix,
                ["Email:SendGridApiKey"] = "SG.bench",
                ["Email:SendGridHost"] = mail.BaseAddress.ToString().TrimEnd('/'),
                ["Sample:Enabled"] = "false",
                ["Queues:RunLocally"] = runQueues.ToString(),
                ["Queues:PollInterval"] = "00:00:00.100",
                ["Identity:Users:0:Id"] = "pm@bench.example", ["Identity:Users:0:Key"] = "bench-pm", ["Identity:Users:0:Roles:0"] = "projectManager",
            });
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var running = new RunningApp(app, address, mail);
        await running.WaitForStorageAsync();
        return running;
    }

    private sealed class RunningApp(WebApplication app, Uri address, SendGridCaptureServer mail) : IAsyncDisposable
    {
        private readonly HttpClient _pm = new() { BaseAddress = address, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", "bench-pm") } };
        private readonly HttpClient _supplier = new() { BaseAddress = address };

        public IServiceProvider Services => app.Services;

        public async Task WaitForStorageAsync()
        {
            for (var i = 0; i < 100 && !(await _pm.GetAsync("/api/procurements")).IsSuccessStatusCode; i++)
            {
                await Task.Delay(100);
            }
        }

        public async Task<string> CreateProcurementAsync()
        {
            using var response = await _pm.PostAsJsonAsync("/api/procurements", new { name = "Benchmark procurement" });
            return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        }

        public async Task<(string Id, string Token)> InviteAsync(string procurementId, string name)
        {
            var email = $"{Guid.NewGuid():N}@bench.example";
            using var response = await _pm.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations", new { supplierName = name, supplierEmail = email });
            var id = (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["assessment"]!["id"]!;
            var invitation = await mail.WaitForMailAsync(m => m.To == email, TimeSpan.FromSeconds(30));
            var match = System.Text.RegularExpressions.Regex.Match(invitation.Text!, @"/q/([A-Za-z0-9_\-\.%]+)");
            return (id, Uri.UnescapeDataString(match.Groups[1].Value));
        }

        public async Task<(string ETag, JsonNode Questionnaire)> OpenAsync(string token)
        {
            using var response = await _supplier.GetAsync($"/api/questionnaires/{token}");
            response.EnsureSuccessStatusCode();
            return (response.Headers.ETag!.Tag, (await response.Content.ReadFromJsonAsync<JsonNode>())!);
        }

        public async Task<string> SaveAsync(string token, string etag, object answers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/questionnaires/{token}/answers") { Content = JsonContent.Create(new { answers }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await _supplier.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return response.Headers.ETag!.Tag;
        }

        public async Task<string> AttachRequiredEvidenceAsync(string token, JsonNode questionnaire, string etag)
        {
            foreach (var q in questionnaire["topics"]!.AsArray().SelectMany(t => t!["questions"]!.AsArray()).Where(q => (string)q!["kind"]! == "evidence" && (bool)q["required"]!))
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4 bench")), "file", "policy.pdf" } };
                using var response = await _supplier.PostAsync($"/api/questionnaires/{token}/evidence/{(string)q!["id"]!}", form);
                response.EnsureSuccessStatusCode();
                etag = response.Headers.ETag!.Tag;
            }
            return etag;
        }

        public async Task SubmitAsync(string token, string etag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/questionnaires/{token}/submit");
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await _supplier.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            _pm.Dispose();
            _supplier.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
