using System.Diagnostics;
using System.Text.Json.Nodes;
using SupplierAssessment.Functions.Functions;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The deployable folder, built by the documented command, holds exactly what the Functions host needs.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class PublishTests
{
    [Fact]
    public async Task Publish_command_builds_host_json_a_folder_per_function_and_the_linux_handler()
    {
        var root = AzuriteServer.RepoRoot();
        var output = Path.Combine(Path.GetTempPath(), "publish-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var publish = Process.Start(new ProcessStartInfo(Path.Combine(root, "scripts", "publish.sh"), output)
            {
                WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            var log = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8)))
            {
                await publish.WaitForExitAsync(timeout.Token);
            }
            Assert.True(publish.ExitCode == 0, $"publish failed: {await log} {await errors}");

            var host = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "host.json")))!;
            var handler = (string)host["customHandler"]!["description"]!["defaultExecutablePath"]!;
            Assert.True(File.Exists(Path.Combine(output, handler)), "the handler named in host.json is there");
            Assert.True(File.GetUnixFileMode(Path.Combine(output, handler)).HasFlag(UnixFileMode.UserExecute), "the handler is executable");

            var folders = Directory.GetDirectories(output).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order(), folders);
            foreach (var function in FunctionCatalog.All)
            {
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, function.Name, "function.json")))!;
                Assert.Equal(function.ToFunctionJson().ToJsonString(), json.ToJsonString());
            }
            Assert.Empty(Directory.GetFiles(output, "*.pdb"));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
