using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost;

/// <summary>How to start a <see cref="LocalFunctionsHost"/>.</summary>
public sealed class LocalHostOptions
{
    /// <summary>
    /// The worker's build output folder: it holds <c>worker.config.json</c> and <c>host.json</c>, and is the worker's
    /// working directory.
    /// </summary>
    public required string AppDirectory { get; init; }

    /// <summary>The HTTP port on 127.0.0.1; 0 (the default) picks a free one (see <see cref="LocalFunctionsHost.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// App settings, as <c>local.settings.json</c>'s <c>Values</c>: passed to the worker as environment variables
    /// (keys as they are), used for <c>%Name%</c> tokens and connections, and <c>AzureFunctionsJobHost__a__b</c>
    /// keys override <c>host.json</c> values (<c>a:b</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the host's and the worker's logs go; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// How long a queue message stays invisible while its function runs, renewed at half that time until it is settled
    /// (the real host's 10 minutes by default). When storage fails while a message is settled, the message is seen
    /// again once this runs out; fault tests shorten it.
    /// </summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The key the admin API (<c>POST /admin/functions/{name}</c>) asks for in the <c>x-functions-key</c> header, as the
    /// real host's master key; a new random one each start when null (read it from <see cref="LocalFunctionsHost.MasterKey"/>).
    /// Without it, anyone who can reach the port could run a queue function with a message of their own.
    /// </summary>
    public string? MasterKey { get; init; }

    /// <summary>
    /// The route of the app's health function (after the route prefix): while the host is "Degraded" (a queue listener
    /// cannot read its queue, <see cref="LocalFunctionsHost.Status"/>) a GET there is answered 503 by the host, naming
    /// each listener's problem, instead of the app's own "ok" — a probe then learns that queued work is not being done
    /// (issue 13). Null: the app's answer always.
    /// </summary>
    public string? HealthRoute { get; init; } = "health";

    /// <summary>How long <see cref="LocalFunctionsHost.StartAsync"/> waits for the worker to load its functions.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
