using SupplierAssessment.Adapters.Storage;
using System.Text.Json;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The text of every pipeline queue message: which assessment, for reports which version, and for a message a state
/// change stored in the outbox (<see cref="StageOutbox"/>) the outbox row the handling stage settles; for a supplier
/// email (<see cref="StageQueues.SupplierEmail"/>) the email's key (<see cref="Api.SupplierMail"/>) and who asked for it
/// (<c>Actor</c>: the project manager who pressed "Remind now", or <c>system</c>), whom its audit entry names whoever sends it.
/// </summary>
public sealed record StageMessage(
    string ProcurementId, string AssessmentId, int Version = 0, bool Verified = false, string? Outbox = null, string? Email = null, string? Actor = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>What a report stage's message lacks when it names no version (<see cref="StageQueues.KeepUnreadableAsync"/>).</summary>
    public const string NoReportVersion = "it names no report version (a whole number from 1)";

    /// <summary>Null when the text is not a stage message: such a message can never succeed and is dropped.</summary>
    public static StageMessage? TryParse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<StageMessage>(text, Json);
            return message is { ProcurementId.Length: > 0, AssessmentId.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="text"/> is not a stage message, in words for the operator's log line (not JSON, or no
    /// procurement or assessment named); null when <see cref="TryParse"/> reads it. Only called once a message is refused.
    /// </summary>
    public static string? WhyNot(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<StageMessage>(text, Json) switch
            {
                null => "it is JSON null",
                { ProcurementId: not { Length: > 0 } } => "it names no procurementId",
                { AssessmentId: not { Length: > 0 } } => "it names no assessmentId",
                _ => null,
            };
        }
        catch (JsonException e)
        {
            return $"it is not a stage message's JSON ({e.Message})";
        }
    }
}
