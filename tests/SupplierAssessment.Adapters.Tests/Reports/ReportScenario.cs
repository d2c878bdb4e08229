using System.Text.RegularExpressions;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// Real reports made the way the pipeline makes them: a procurement, an invited supplier who answers the shipped
/// questionnaire and submits, scoring, report v1; then an expert who corrects three cells and finalizes: report v2.
/// Names, notes and the expert id are hostile markup, as a careless or malicious user could type them.
/// </summary>
internal sealed class ReportScenario
{
    public const string ScriptAttack = "<script>alert(1)</script>";
    public const string ImgAttack = "\"><img src=x onerror=alert(1)>";
    public const string SupplierName = "Hosting & Co " + ScriptAttack + ImgAttack;
    public const string ProcurementName = "Ministry web sites 2025 " + ImgAttack;
    public const string ExpertId = "expert-7" + ImgAttack;
    public const string RaiseNote = "Seen on site: resource plan signed. " + ScriptAttack + ImgAttack;

    public static readonly DateTimeOffset InvitedAt = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset FirstReportAt = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset ReviewAt = new(2025, 4, 2, 15, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<ReportScenario> Shared = new(() => new ReportScenario());

    private ReportScenario()
    {
        Catalog = ShippedData.Catalog;
        Profile = ShippedData.Profile("government-web-hosting");
        var template = ShippedData.CurrentTemplate;
        Procurement = Procurement.Create("proc-1", "pm-1", ProcurementName, "pm@example.org", Profile, "normal", null, InvitedAt);
        var (assessment, _) = Assessment.Invite(Procurement.Id, SupplierName, "security@hosting.example", template, InvitedAt);
        assessment.SaveAnswers(new AnswerChanges(AnswersTo(template), []));
        foreach (var question in template.Questions.Where(q => q.Kind == QuestionKind.Evidence && q.Required))
        {
            assessment.AttachEvidence(question.Id, new EvidenceFile("ev-" + question.Id, "policy.pdf", "application/pdf", 1024));
        }
        Assert.Empty(assessment.Submit(template, InvitedAt.AddDays(5)));
        assessment.RecordScore(Scoring.Rate(template, assessment.Answers));
        V1 = AssessmentReport.Create(Procurement, assessment, Profile, Catalog, 1, verified: false, FirstReportAt);
        assessment.RecordReport(V1, new ReportLinks("https://example.org/v1.json", "https://example.org/v1.pdf"));

        // The expert's visit: one missing cell turns out done, one achieved cell is not, one uncovered cell is largely done.
        Raised = V1.ActionPlan.Items[0].Cell;
        Lowered = V1.Ratings.CoveredCells.First(c => c.Value.IsAchieved && c.Key != Raised).Key;
        Checked = V1.NotCovered.FirstOrDefault(c => c != Raised && c != Lowered, V1.ActionPlan.Items[^1].Cell);
        assessment.Override(Raised, Rating.FromPercent(100), RaiseNote, ExpertId, ReviewAt);
        assessment.Override(Lowered, Rating.FromPercent(30), "No change log for the last quarter.", ExpertId, ReviewAt);
        assessment.Override(Checked, Rating.FromPercent(70), "Procedure shown, not yet measured.", ExpertId, ReviewAt);
        var version = assessment.Finalize();
        V2 = AssessmentReport.Create(Procurement, assessment, Profile, Catalog, version, verified: true, ReviewAt.AddHours(2));
    }

    public static ReportScenario Instance => Shared.Value;

    public ModelCatalog Catalog { get; }
    public ConfidenceProfile Profile { get; }
    public Procurement Procurement { get; }

    /// <summary>Report version 1: declared by the supplier.</summary>
    public AssessmentReport V1 { get; }

    /// <summary>Report version 2: verified after the expert's three corrections.</summary>
    public AssessmentReport V2 { get; }

    /// <summary>A cell missing in v1 that the expert rated F (100 %).</summary>
    public Cell Raised { get; }

    /// <summary>A cell achieved in v1 that the expert rated P (30 %).</summary>
    public Cell Lowered { get; }

    /// <summary>A cell no answer covered (when there is one) that the expert rated L (70 %).</summary>
    public Cell Checked { get; }

    /// <summary>
    /// A scored assessment read back from storage whose questionnaire version left PA13 and PA19–PA22 uncovered,
    /// in a procurement on high alert: the on-site checklist, hatched cells and "not covered" actions.
    /// </summary>
    public static AssessmentReport PartlyCovered => LazyPartlyCovered.Value;

    public static readonly ProcessAreaId[] Uncovered = [.. new[] { "PA13", "PA19", "PA20", "PA21", "PA22" }.Select(ProcessAreaId.Parse)];

    private static readonly Lazy<AssessmentReport> LazyPartlyCovered = new(() =>
    {
        var profile = ShippedData.Profile("government-web-hosting");
        var procurement = Procurement.Create("proc-2", "pm-1", "Intranet hosting", "pm@example.org", profile, "high", null, InvitedAt);
        var ratings = RatingGrid.From(ProcessAreaId.All.Except(Uncovered)
            .SelectMany(pa => CommonFeature.All.Select(cf => KeyValuePair.Create(new Cell(pa, cf), Rating.FromPercent(Percent(pa, cf))))));
        var assessment = new Assessment(procurement.Id, "assessment-2", "Plain Hosting", "contact@plain.example", ShippedData.CurrentTemplate.Key,
            AssessmentState.Scored, "stored-hash", InvitedAt.AddDays(30), linkRevoked: false, InvitedAt, Answers.None, ratings);
        return AssessmentReport.Create(procurement, assessment, profile, ShippedData.Catalog, 1, verified: false, FirstReportAt);

        // Each PA fully or largely achieved up to (its number mod 4), partly at the next level, hardly above.
        static double Percent(ProcessAreaId pa, CommonFeature cf) =>
            cf.Level <= pa.Number % 4 ? (cf.Index % 3 == 0 ? 70 : 100) : cf.Level == pa.Number % 4 + 1 ? 40 : 10;
    });

    /// <summary>The reports the rendering tests run on, by name.</summary>
    public static AssessmentReport Report(string name) => name switch
    {
        "declared" => Instance.V1,
        "verified" => Instance.V2,
        _ => PartlyCovered,
    };

    public static TheoryData<string> ReportNames => ["declared", "verified", "partly covered"];

    public static readonly Uri ReportLink = new("https://assess.example.org/procurements/proc-1/assessments/a1/reports/1");

    /// <summary>
    /// A supplier that does some things well and others not at all: scale answers cycle through 3, 1, 2, 0, 4, 1;
    /// choices cycle through their options; text questions get a line. Evidence is attached separately.
    /// </summary>
    private static Dictionary<string, Answer> AnswersTo(QuestionnaireTemplate template)
    {
        int[] levels = [3, 1, 2, 0, 4, 1];
        var answers = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (question, i) in template.Questions.Select((q, i) => (q, i)))
        {
            Answer? answer = question.Kind switch
            {
                QuestionKind.Scale => new ScaleAnswer(levels[i % levels.Length]),
                QuestionKind.Choice => new ChoiceAnswer(question.Options[i % question.Options.Count].Id),
                QuestionKind.Text => new TextAnswer("Described in our security plan, chapter 4."),
                _ => null,
            };
            if (answer is not null)
            {
                answers[question.Id] = answer;
            }
        }
        return answers;
    }
}

/// <summary>Small readers for the rendered markup.</summary>
internal static partial class Html
{
    /// <summary>The markup between the start of the first element matching <paramref name="startTag"/> and <paramref name="end"/>.</summary>
    public static string Between(string html, string startTag, string end)
    {
        var start = html.IndexOf(startTag, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{startTag}' not found");
        var stop = html.IndexOf(end, start, StringComparison.Ordinal);
        Assert.True(stop >= 0, $"'{end}' not found after '{startTag}'");
        return html[start..(stop + end.Length)];
    }

    /// <summary>How the renderers encode text: markup characters escaped, accented letters kept.</summary>
    public static string Encode(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    public static int Count(string html, string text) => Regex.Matches(html, Regex.Escape(text)).Count;

    /// <summary>The integer inside <c>data-metric="name"&gt;42&lt;</c>.</summary>
    public static int Metric(string html, string name)
    {
        var match = Regex.Match(html, $"data-metric=\"{Regex.Escape(name)}\">(\\d+)<");
        Assert.True(match.Success, $"metric {name} not found");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>No tag a user could have typed: no script, no img, no event handler outside a quoted attribute value.</summary>
    public static void HasNoRawMarkupFromUsers(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", TagsWithoutAttributeValues(html), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every tag with its quoted attribute values emptied: what the browser reads as element and attribute names.</summary>
    public static string TagsWithoutAttributeValues(string html) =>
        string.Join('\n', TagRegex().Matches(html).Select(m => QuotedRegex().Replace(m.Value, "\"\"")));

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex QuotedRegex();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagRegex();
}
