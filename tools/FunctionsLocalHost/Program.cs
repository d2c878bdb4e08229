using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FunctionsLocalHost;
using Microsoft.Extensions.Logging;

// The exe: dotnet FunctionsLocalHost.dll --app <worker output dir> [--port 7071] [--settings local.settings.json]
string? app = null, settingsFile = null;
var port = 7071;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--app": app = args[i + 1]; break;
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--settings": settingsFile = args[i + 1]; break;
        default: return Usage($"unknown option {args[i]}");
    }
}
if (app is null || args.Length % 2 != 0)
{
    return Usage("--app is required");
}

var settings = new Dictionary<string, string>();
if (settingsFile is not null)
{
    var values = JsonNode.Parse(File.ReadAllText(settingsFile))?["Values"]?.AsObject() ?? [];
    foreach (var (key, value) in values)
    {
        settings[key] = value?.ToString() ?? "";
    }
}

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; o.UseUtcTimestamp = true; }).SetMinimumLevel(LogLevel.Information)
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("Yarp", LogLevel.Warning)
    // the host's own two web servers (gRPC, HTTP) and the worker's each announce themselves: the function list below says it once
    .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

LocalFunctionsHost started;
try
{
    started = await LocalFunctionsHost.StartAsync(new LocalHostOptions { AppDirectory = app, Port = port, Settings = settings, LoggerFactory = loggerFactory }, stop.Token);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"FunctionsLocalHost: {e.Message}");
    return 1;
}
await using var host = started;
foreach (var function in host.Functions)
{
    var what = function.IsHttp ? $"[{string.Join(',', function.Methods)}] {new Uri(host.BaseAddress, host.RoutePrefix.Length == 0 ? function.Route : $"{host.RoutePrefix}/{function.Route}")}"
        : function.QueueName ?? function.Schedule ?? "";
    Console.WriteLine($"  {function.Name}: {function.TriggerType} {what}");
}
Console.WriteLine($"Admin API: POST {host.BaseAddress}admin/functions/<name> with header x-functions-key: {host.MasterKey}");
Console.WriteLine($"Functions host listening on {host.BaseAddress} (Ctrl+C to stop)");
await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine($"FunctionsLocalHost: {problem}");
    Console.Error.WriteLine("usage: dotnet FunctionsLocalHost.dll --app <worker output dir> [--port 7071] [--settings local.settings.json]");
    return 2;
}
