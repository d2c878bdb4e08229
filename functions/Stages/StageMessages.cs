using System.Text.Json;

namespace SupplierAssessment.Functions.Stages;

/// <summary>The text of every pipeline queue message: which assessment, and for reports which version.</summary>
public sealed record StageMessage(string ProcurementId, string AssessmentId, int Version = 0, bool Verified = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

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
}
