using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>
/// Writes a confidence profile in the format of the shipped profile files, which <see cref="ConfidenceProfileReader"/>
/// reads back to the same profile: how custom profiles are stored, and the copy a procurement keeps of its profile.
/// Every target and the whole responsibility matrix are written (not only what differs from a default), so that a
/// saved version keeps its meaning whatever defaults become.
/// </summary>
public static class ConfidenceProfileWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Accented letters as they are (French rationales stay short); < > & ' " are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static string Write(ConfidenceProfile profile)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("id", profile.Id);
            json.WriteNumber("version", profile.Version);
            WriteText(json, "name", profile.Name);
            if (profile.Description is { } description)
            {
                WriteText(json, "description", description);
            }
            json.WriteStartArray("alertLevels");
            foreach (var level in profile.AlertLevels)
            {
                json.WriteStringValue(level);
            }
            json.WriteEndArray();
            if (profile.AlertLevelNames.Count > 0)
            {
                json.WriteStartObject("alertLevelNames");
                foreach (var (level, name) in profile.AlertLevelNames.OrderBy(n => Order(profile, n.Key)).ThenBy(n => n.Key, StringComparer.Ordinal))
                {
                    WriteText(json, level, name);
                }
                json.WriteEndObject();
            }
            json.WriteStartObject("targets");
            foreach (var level in profile.AlertLevels)
            {
                json.WriteStartObject(level);
                foreach (var pa in ProcessAreaId.All)
                {
                    json.WriteNumber(pa.Id, profile.Target(level, pa));
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartObject("responsibilities");
            foreach (var pa in ProcessAreaId.All)
            {
                json.WriteString(pa.Id, profile.Responsibilities[pa].ToId());
            }
            json.WriteEndObject();
            json.WriteNumber("baselineLevel", profile.BaselineLevel);
            json.WriteStartObject("rationale");
            foreach (var pa in ProcessAreaId.All.Where(profile.Rationale.ContainsKey))
            {
                WriteText(json, pa.Id, profile.Rationale[pa]);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteText(Utf8JsonWriter json, string name, LocalizedText text)
    {
        json.WriteStartObject(name);
        json.WriteString("en", text.En);
        json.WriteString("fr", text.Fr);
        json.WriteEndObject();
    }

    /// <summary>Names of the profile's alert levels first, in their order.</summary>
    private static int Order(ConfidenceProfile profile, string level)
    {
        for (var i = 0; i < profile.AlertLevels.Count; i++)
        {
            if (profile.AlertLevels[i] == level)
            {
                return i;
            }
        }
        return int.MaxValue;
    }
}
