using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>The table row of an assessment: one property per answer ("A_" + question id), ratings and corrections as JSON.</summary>
internal static class AssessmentRow
{
    private const string AnswerPrefix = "A_";
    private const string OverridesPrefix = "Overrides";
    private const int ChunkChars = 30_000; // a string property holds at most 32K UTF-16 characters

    /// <summary>
    /// Accented letters kept as they are (not "\u00E9", six characters for one): a long accented file name or answer
    /// then takes one character per character of the row's bounded space (<see cref="EntitySize"/>). The JSON is
    /// storage's own, never put in a page or script as is.
    /// </summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The row of <paramref name="a"/>; <see cref="EntityTooLargeException"/> when it would not fit in one entity.</summary>
    public static TableEntity ToEntity(Assessment a, string ownerId)
    {
        var e = new TableEntity(a.ProcurementId, a.Id)
        {
            ["OwnerId"] = ownerId,
            ["SupplierName"] = a.SupplierName,
            ["SupplierEmail"] = a.SupplierEmail,
            ["SupplierLanguage"] = a.SupplierLanguage,
            ["TemplateKey"] = a.TemplateKey,
            ["State"] = a.State.ToId(),
            ["LinkHash"] = a.LinkHash,
            ["LinkExpiresAt"] = a.LinkExpiresAt,
            ["LinkRevoked"] = a.LinkRevoked,
            ["SealedLink"] = a.SealedLink,
            ["LinkTimeZone"] = a.LinkTimeZone,
            ["InvitedAt"] = a.InvitedAt,
            ["SubmittedAt"] = a.SubmittedAt,
            ["LastReminderAt"] = a.LastReminderAt,
            ["ReportVersion"] = a.ReportVersion,
            ["ReportAlertLevel"] = a.ReportAlertLevel,
            ["ReviewerId"] = a.ReviewerId,
            ["ReviewerLanguage"] = a.ReviewerLanguage,
            ["EventCount"] = a.EventCount,
        };
        foreach (var (questionId, answer) in a.Answers.ByQuestion)
        {
            e[AnswerPrefix + PropertyName(questionId)] = WriteAnswer(questionId, answer);
        }
        if (a.DeclaredRatings is { } ratings)
        {
            e["DeclaredRatings"] = JsonSerializer.Serialize(Cell.All.Select(c => ratings.IsRated(c) ? ratings[c].Percent : (double?)null));
            e["NotApplicableCells"] = JsonSerializer.Serialize(ratings.NotApplicableCells.Select(c => c.Index));
        }
        var overrides = JsonSerializer.Serialize(a.Overrides.Select(o => new OverrideJson(
            o.Cell.ProcessArea.Id, o.Cell.CommonFeature.Id, o.Rating.Percent, o.Note, o.ExpertId, o.At)), Compact);
        for (var i = 0; i * ChunkChars < overrides.Length; i++)
        {
            e[OverridesPrefix + i] = overrides.Substring(i * ChunkChars, Math.Min(ChunkChars, overrides.Length - i * ChunkChars));
        }
        EarlierAssessmentColumns.Write(e, a);
        EntitySize.EnsureFits(e, "This assessment's record");
        return e;
    }

    public static StoredAssessment ToStored(TableEntity e)
    {
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (name, value) in e)
        {
            if (name.StartsWith(AnswerPrefix, StringComparison.Ordinal) && value is string json)
            {
                var (questionId, answer) = ReadAnswer(json);
                answers[questionId] = answer;
            }
        }
        RatingGrid? ratings = null;
        if (e.GetString("DeclaredRatings") is { } ratingsJson)
        {
            var percents = JsonSerializer.Deserialize<double?[]>(ratingsJson)!;
            var notApplicable = e.GetString("NotApplicableCells") is { } naJson ? JsonSerializer.Deserialize<int[]>(naJson)! : [];
            ratings = RatingGrid.From(
                percents.Select((p, i) => (p, i)).Where(x => x.p.HasValue).Select(x => KeyValuePair.Create(Cell.FromIndex(x.i), Rating.FromPercent(x.p!.Value))),
                notApplicable.Select(Cell.FromIndex));
        }
        var overridesJson = new StringBuilder();
        for (var i = 0; e.GetString(OverridesPrefix + i) is { } chunk; i++)
        {
            overridesJson.Append(chunk);
        }
        var overrides = overridesJson.Length == 0 ? [] : JsonSerializer.Deserialize<OverrideJson[]>(overridesJson.ToString())!
            .Select(o => new RatingOverride(new Cell(ProcessAreaId.Parse(o.ProcessArea), CommonFeature.Parse(o.CommonFeature)),
                Rating.FromPercent(o.Percent), o.Note, o.ExpertId, o.At));
        AssessmentStates.TryParse(e.GetString("State"), out var state);
        var assessment = new Assessment(
            e.PartitionKey, e.RowKey, e.GetString("SupplierName"), e.GetString("SupplierEmail"), e.GetString("TemplateKey"),
            state, e.GetString("LinkHash"), e.GetDateTimeOffset("LinkExpiresAt") ?? default, e.GetBoolean("LinkRevoked") ?? false,
            e.GetDateTimeOffset("InvitedAt") ?? default, new Answers(answers), ratings, overrides,
            e.GetInt32("ReportVersion") ?? 0, e.GetString("ReviewerId"), e.GetDateTimeOffset("SubmittedAt"), e.GetDateTimeOffset("LastReminderAt"),
            e.GetInt32("EventCount") ?? 0, e.GetString("SupplierLanguage") ?? "en",
            e.GetString("ReviewerLanguage") ?? "en", e.GetString("ReportAlertLevel"), e.GetString("SealedLink"),
            e.GetString("LinkTimeZone"));
        EarlierAssessmentColumns.Read(e, assessment);
        return new StoredAssessment(assessment, e.GetString("OwnerId"), e.ETag);
    }

    private static string PropertyName(string questionId) =>
        string.Concat(questionId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = Compact.Encoder };

    /// <summary>
    /// <c>{"q":…,"notApplicable":justification or null,"kind":…,"value":…}</c>: an N/A answer keeps its question's kind and
    /// adds its justification (DESIGN §2.2 rule 9). Written and read without a JSON tree: every stage reads and writes
    /// every answer of the row (docs/benchmarks.md).
    /// </summary>
    internal static string WriteAnswer(string questionId, Answer answer)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, CompactWriter))
        {
            json.WriteStartObject();
            json.WriteString("q", questionId);
            if (answer is NotApplicableAnswer na)
            {
                json.WriteString("notApplicable", na.Justification);
            }
            else
            {
                json.WriteNull("notApplicable");
            }
            json.WriteString("kind", answer.Kind.ToString().ToLowerInvariant());
            json.WritePropertyName("value");
            switch (answer)
            {
                case ScaleAnswer s:
                    json.WriteNumberValue(s.Level);
                    break;
                case ChoiceAnswer c:
                    json.WriteStringValue(c.OptionId);
                    break;
                case TextAnswer t:
                    json.WriteStringValue(t.Text);
                    break;
                case EvidenceAnswer ev:
                    JsonSerializer.Serialize(json, ev.Files);
                    break;
                default:
                    json.WriteNullValue();
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static (string QuestionId, Answer Answer) ReadAnswer(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var questionId = root.GetProperty("q").GetString()!;
        var kind = root.GetProperty("kind").GetString()!;
        if (root.TryGetProperty("notApplicable", out var justification) && justification.ValueKind == JsonValueKind.String)
        {
            return (questionId, new NotApplicableAnswer(Enum.Parse<QuestionKind>(kind, ignoreCase: true), justification.GetString()!));
        }
        var value = root.GetProperty("value");
        Answer answer = kind switch
        {
            "scale" => new ScaleAnswer(value.GetInt32()),
            "choice" => new ChoiceAnswer(value.GetString()!),
            "text" => new TextAnswer(value.GetString()!),
            _ => new EvidenceAnswer(value.Deserialize<EvidenceFile[]>()!),
        };
        return (questionId, answer);
    }

    private sealed record OverrideJson(string ProcessArea, string CommonFeature, double Percent, string Note, string ExpertId, DateTimeOffset At);
}
