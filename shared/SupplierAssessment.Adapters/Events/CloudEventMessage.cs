using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;

namespace SupplierAssessment.Adapters.Events;

/// <summary>
/// The Service Bus message of one event (docs/events.md): the body is a CloudEvents 1.0 JSON envelope (structured
/// mode, content type <c>application/cloudevents+json</c>), built here with System.Text.Json — eight fixed attributes
/// need no SDK, and the JSON is exactly what docs/events/*.schema.json describe. <c>MessageId</c> is the event id
/// (duplicate detection drops a second send), <c>CorrelationId</c> the assessment id (the procurement id for a
/// procurement's own event), <c>Subject</c> the event type, and application properties carry what subscriptions
/// filter on: <c>eventType</c>, <c>procurementId</c>, <c>assessmentId</c> and, for the events whose data names it,
/// <c>profileId</c>.
/// </summary>
public static class CloudEventMessage
{
    /// <summary>The CloudEvents <c>source</c> of every event: this service.</summary>
    public const string Source = "urn:supplierassessment";

    /// <summary>The message's content type: a CloudEvent in structured JSON mode.</summary>
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    /// <summary>The envelope as JSON text.</summary>
    public static string Envelope(PendingEvent e) => new JsonObject
    {
        ["specversion"] = "1.0",
        ["type"] = e.Type,
        ["source"] = Source,
        ["id"] = e.Id,
        ["time"] = e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["subject"] = e.Subject,
        ["datacontenttype"] = "application/json",
        ["data"] = JsonNode.Parse(e.DataJson),
    }.ToJsonString();

    /// <summary>The message to send for <paramref name="e"/>.</summary>
    public static ServiceBusMessage From(PendingEvent e)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(Envelope(e)))
        {
            MessageId = e.Id,
            CorrelationId = e.AssessmentId ?? e.ProcurementId,
            ContentType = ContentType,
            Subject = e.Type,
        };
        message.ApplicationProperties["eventType"] = e.Type;
        message.ApplicationProperties["procurementId"] = e.ProcurementId;
        if (e.AssessmentId is not null)
        {
            message.ApplicationProperties["assessmentId"] = e.AssessmentId;
        }
        using var data = JsonDocument.Parse(e.DataJson);
        if (data.RootElement.TryGetProperty("profileId", out var profile) && profile.ValueKind == JsonValueKind.String)
        {
            message.ApplicationProperties["profileId"] = profile.GetString();
        }
        return message;
    }
}
