using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunctionsLocalHost;

/// <summary>
/// The app's settings and its <c>host.json</c>, with <c>AzureFunctionsJobHost__a__b</c> settings overriding host.json's
/// <c>a.b</c> as the real host does (keys case-insensitive).
/// </summary>
internal sealed partial class HostSettings
{
    private const string HostJsonOverridePrefix = "AzureFunctionsJobHost__";
    private readonly JsonObject _hostJson;

    public HostSettings(string appDirectory, IReadOnlyDictionary<string, string> values)
    {
        Values = values;
        var path = Path.Combine(appDirectory, "host.json");
        _hostJson = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? [] : [];
        foreach (var (key, value) in values.Where(v => v.Key.StartsWith(HostJsonOverridePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var keys = key[HostJsonOverridePrefix.Length..].Split("__");
            var node = _hostJson;
            foreach (var segment in keys[..^1])
            {
                node = Child(node, segment) as JsonObject ?? (JsonObject)(node[segment] = new JsonObject());
            }
            node.Remove(node.FirstOrDefault(p => p.Key.Equals(keys[^1], StringComparison.OrdinalIgnoreCase)).Key ?? keys[^1]);
            node[keys[^1]] = value;
        }
    }

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>
    /// The app setting <c>AzureWebJobs.{name}.Disabled</c> (true or 1), as the real host reads it: the function's queue
    /// or timer trigger does not run. (The admin endpoint still runs it, as the real host's does.)
    /// </summary>
    public bool IsDisabled(string functionName) =>
        Values.TryGetValue($"AzureWebJobs.{functionName}.Disabled", out var value) && value.Trim() is "1" || value?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary><c>extensions.http.routePrefix</c> (default <c>api</c>), without slashes.</summary>
    public string RoutePrefix => (Text("extensions", "http", "routePrefix") ?? "api").Trim('/');

    public QueueOptions Queues => new(
        BatchSize: Int("batchSize") ?? 16,
        NewBatchThreshold: Int("newBatchThreshold"),
        MaxPollingInterval: Span("maxPollingInterval") ?? TimeSpan.FromMinutes(1),
        VisibilityTimeout: Span("visibilityTimeout") ?? TimeSpan.Zero,
        MaxDequeueCount: Int("maxDequeueCount") ?? 5,
        Base64: !string.Equals(Text("extensions", "queues", "messageEncoding"), "none", StringComparison.OrdinalIgnoreCase));

    /// <summary>The setting's value, or null (settings first, then the environment, like the real host).</summary>
    public string? Get(string name) =>
        Values.FirstOrDefault(v => v.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value
        ?? Environment.GetEnvironmentVariable(name);

    /// <summary>Replaces each <c>%Name%</c> with the setting's value; throws when a setting is missing.</summary>
    public string? Resolve(string? text) => text is null ? null : Token().Replace(text, m =>
        Get(m.Groups[1].Value) ?? throw new InvalidOperationException($"The setting {m.Groups[1].Value} used in '{text}' is not set."));

    private int? Int(string name) =>
        Text("extensions", "queues", name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private TimeSpan? Span(string name) =>
        Text("extensions", "queues", name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;

    private string? Text(params string[] path)
    {
        JsonNode? node = _hostJson;
        foreach (var segment in path)
        {
            node = node is JsonObject obj ? Child(obj, segment) : null;
        }
        return node?.ToString();
    }

    private static JsonNode? Child(JsonObject node, string name) =>
        node.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Token();
}

/// <summary>host.json <c>extensions.queues</c>, with the real host's defaults.</summary>
/// <param name="NewBatchThreshold">Fetch more messages once this few are in flight; null means half the batch size per processor, as the real host.</param>
internal sealed record QueueOptions(
    int BatchSize, int? NewBatchThreshold, TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int MaxDequeueCount, bool Base64)
{
    /// <summary>How few messages in flight make a listener fetch more: <see cref="NewBatchThreshold"/>, or its default.</summary>
    public int Threshold => NewBatchThreshold ?? BatchSize / 2 * Environment.ProcessorCount;
}
