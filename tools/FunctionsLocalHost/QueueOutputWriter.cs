using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using FunctionsLocalHost.Rpc;

namespace FunctionsLocalHost;

/// <summary>
/// What the real host's queue output binding does once an invocation succeeded: each message the function returned
/// to a <c>[QueueOutput]</c> (its return value for <c>$return</c>, else the named output data; a JSON array is one
/// message per element, nothing for null) is added to that queue — base64 unless host.json's <c>messageEncoding</c>
/// is <c>none</c>, the queue created when missing — and the listener of that queue in this host polls at once
/// instead of waiting out its back-off, as the real host's shared queue watcher makes it.
/// </summary>
internal sealed class QueueOutputWriter(HostSettings settings, Action<string> wake)
{
    private readonly ConcurrentDictionary<(string Connection, string Queue), QueueClient> _queues = new();

    /// <summary>Writes the outputs of <paramref name="response"/>; throws <see cref="RequestFailedException"/> when storage refuses.</summary>
    public async Task WriteAsync(FunctionInfo function, InvocationResponse response, CancellationToken cancellationToken)
    {
        foreach (var output in function.QueueOutputs)
        {
            var data = output.Name == "$return" ? response.ReturnValue : response.OutputData.FirstOrDefault(o => o.Name == output.Name)?.Data;
            var messages = Messages(data).ToList();
            if (messages.Count == 0)
            {
                continue;
            }
            var queue = _queues.GetOrAdd((output.Connection, output.QueueName), key => new QueueClient(
                settings.Get(key.Connection) ?? throw new InvalidOperationException($"{function.Name}: the connection setting {key.Connection} is not set."),
                key.Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
            foreach (var message in messages)
            {
                var text = settings.Queues.Base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(message)) : message;
                try
                {
                    await queue.SendMessageAsync(text, cancellationToken);
                }
                catch (RequestFailedException e) when (e.ErrorCode == "QueueNotFound")
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    await queue.SendMessageAsync(text, cancellationToken);
                }
            }
            wake(output.QueueName);
        }
    }

    private static IEnumerable<string> Messages(TypedData? data) => data?.DataCase switch
    {
        TypedData.DataOneofCase.String => [data.String],
        TypedData.DataOneofCase.Bytes => [Encoding.UTF8.GetString(data.Bytes.Span)],
        TypedData.DataOneofCase.Json => JsonNode.Parse(data.Json) switch
        {
            JsonArray array => array.Select(Text),
            null => [],
            var single => [Text(single)],
        },
        _ => [],
    };

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString() ?? "";
}
