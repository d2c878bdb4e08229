using Azure.Messaging.ServiceBus;

namespace SupplierAssessment.TestSupport;

/// <summary>
/// A <see cref="ServiceBusSender"/> made with the SDK's own mocking support (its protected constructor and virtual
/// <c>SendMessageAsync</c>): no broker can run here (shared/WORKER-HOST.md). It keeps every accepted message as the
/// subscriber would receive it (<see cref="ServiceBusModelFactory.ServiceBusReceivedMessage"/>), and throws a
/// Service Bus outage while <see cref="Down"/>, or for the next <see cref="FailNext"/> sends.
/// </summary>
public sealed class RecordingSender : ServiceBusSender
{
    private readonly List<ServiceBusReceivedMessage> _received = [];

    /// <summary>While true, every send fails as if the namespace were unreachable.</summary>
    public bool Down { get; set; }

    /// <summary>How many of the next sends fail before sends succeed again.</summary>
    public int FailNext { get; set; }

    /// <summary>How many sends were attempted, failed or not.</summary>
    public int Attempts { get; private set; }

    /// <summary>The messages accepted, in the order they were sent.</summary>
    public IReadOnlyList<ServiceBusReceivedMessage> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        Attempts++;
        if (Down || FailNext-- > 0)
        {
            throw new ServiceBusException("The namespace could not be reached (test).", ServiceBusFailureReason.ServiceCommunicationProblem);
        }
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: message.Body, messageId: message.MessageId, correlationId: message.CorrelationId, subject: message.Subject,
            contentType: message.ContentType, properties: new Dictionary<string, object>(message.ApplicationProperties));
        lock (_received)
        {
            _received.Add(received);
        }
        return Task.CompletedTask;
    }
}
