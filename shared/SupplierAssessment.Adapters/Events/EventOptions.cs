namespace SupplierAssessment.Adapters.Events;

/// <summary>
/// Integration events on Azure Service Bus (section "ServiceBus", docs/events.md). With no
/// <see cref="FullyQualifiedNamespace"/> nothing is written to the outbox, nothing is published and no Service Bus
/// client exists: the local run and the tests need no broker.
/// </summary>
public sealed class EventOptions
{
    /// <summary>The namespace's host name, e.g. <c>sb-supplierassess.servicebus.windows.net</c>, reached with the app's managed identity.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>The topic the events are sent to (duplicate detection on: the message id is the event id).</summary>
    public string Topic { get; set; } = "supplierassessment-events";

    /// <summary>A user-assigned identity's client id; empty for the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Whether events are written with their state change and published.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
