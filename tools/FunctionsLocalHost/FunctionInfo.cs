using System.Text.Json.Nodes;
using FunctionsLocalHost.Rpc;

namespace FunctionsLocalHost;

/// <summary>
/// A function the worker declared and loaded, read from its raw binding JSON. Trigger-specific values are null for other
/// triggers; <c>%Name%</c> tokens in them are already resolved from the settings.
/// </summary>
/// <param name="Name">The function's name (<c>[Function("Name")]</c>).</param>
/// <param name="Id">The worker's id for it, used in invocations.</param>
/// <param name="TriggerType">The trigger binding's type as the worker wrote it, e.g. <c>httpTrigger</c>, <c>queueTrigger</c>, <c>timerTrigger</c>.</param>
/// <param name="TriggerName">The trigger binding's name (the parameter it binds to).</param>
/// <param name="Route">HTTP: the route template without the host's prefix; the function's name when the binding has none.</param>
/// <param name="Methods">HTTP: the accepted methods, upper case; empty means any.</param>
/// <param name="QueueName">Queue: the queue's name.</param>
/// <param name="Connection">Queue: the name of the setting holding the storage connection string.</param>
/// <param name="Schedule">Timer: an NCRONTAB expression (5 or 6 fields) or a <c>hh:mm:ss</c> interval.</param>
/// <param name="RunOnStartup">Timer: whether it also runs once when the host starts.</param>
/// <param name="RawBindings">The binding JSON objects exactly as the worker sent them.</param>
/// <param name="QueueOutputs">The function's queue output bindings (<c>[QueueOutput]</c>): what it returns there, the host enqueues.</param>
public sealed record FunctionInfo(
    string Name,
    string Id,
    string TriggerType,
    string TriggerName,
    string? Route,
    IReadOnlyList<string> Methods,
    string? QueueName,
    string? Connection,
    string? Schedule,
    bool RunOnStartup,
    IReadOnlyList<string> RawBindings,
    IReadOnlyList<QueueOutput> QueueOutputs)
{
    internal RpcFunctionMetadata Metadata { get; init; } = new();

    /// <summary>True for an <c>httpTrigger</c> function.</summary>
    public bool IsHttp => TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);

    internal bool IsQueue => TriggerType.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase);

    internal bool IsTimer => TriggerType.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);

    internal static FunctionInfo From(RpcFunctionMetadata metadata, HostSettings settings)
    {
        var bindings = metadata.RawBindings.Select(raw => JsonNode.Parse(raw)?.AsObject() ?? []).ToList();
        var trigger = bindings.FirstOrDefault(b => Text(b, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new InvalidOperationException($"Function {metadata.Name} has no trigger binding.");
        var type = Text(trigger, "type")!;
        var isHttp = type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);
        var methods = trigger["methods"] is JsonArray array
            ? array.Select(m => m!.GetValue<string>().ToUpperInvariant()).ToList()
            : [];
        return new FunctionInfo(
            metadata.Name,
            metadata.FunctionId,
            type,
            Text(trigger, "name") ?? "",
            isHttp ? Text(trigger, "route") ?? metadata.Name : null,
            methods,
            settings.Resolve(Text(trigger, "queueName")),
            type.Equals("queueTrigger", StringComparison.OrdinalIgnoreCase) ? Text(trigger, "connection") ?? "AzureWebJobsStorage" : null,
            settings.Resolve(Text(trigger, "schedule")),
            trigger["runOnStartup"]?.GetValue<bool>() ?? false,
            metadata.RawBindings.ToList(),
            bindings.Where(b => Text(b, "type")?.Equals("queue", StringComparison.OrdinalIgnoreCase) == true
                                && Text(b, "direction")?.Equals("out", StringComparison.OrdinalIgnoreCase) == true)
                .Select(b => new QueueOutput(Text(b, "name") ?? "$return", settings.Resolve(Text(b, "queueName"))!, Text(b, "connection") ?? "AzureWebJobsStorage"))
                .ToList())
        {
            Metadata = metadata,
        };
    }

    private static string? Text(JsonObject binding, string name) =>
        binding.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
}

/// <summary>A queue output binding: the binding's name (<c>$return</c> for the return value), its queue and the setting naming its storage.</summary>
public sealed record QueueOutput(string Name, string QueueName, string Connection);
