using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// Issue #9: the report counts the N/A cells, and its on-site checklist lists the N/A claims with their justification,
/// the evidence not attached and the answers that disagree — in the HTML, and in the JSON read back for the PDF and CSV.
/// </summary>
public class ReportChecklistTests
{
    private const string Why = "No subcontractor <b>at all</b>: we run everything ourselves.";

    private static AssessmentReport Report(bool rejectedByTheExpert = false)
    {
        var template = ShippedData.CurrentTemplate;
        var profile = ShippedData.Profile("government-web-hosting");
        var at = new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
        var procurement = Procurement.Create("proc-9", "pm-1", "Solo procurement", "pm@example.org", profile, "normal", null, at);
        var (assessment, _) = Assessment.Invite(procurement.Id, "Solo Hosting", "sec@solo.example", template, at);
        var answers = template.Questions.Where(q => q.Kind != QuestionKind.Evidence).ToDictionary(q => q.Id, q => q.Id switch
        {
            "ORG-04" or "ORG-05" => new NotApplicableAnswer(q.Kind, Why),
            "POL-02" => new ChoiceAnswer("none"), // 0 % on PA01/2.1 while POL-01 at 4 says 100 %: they disagree
            _ => q.Kind switch
            {
                QuestionKind.Scale => (Answer)new ScaleAnswer(4),
                QuestionKind.Choice => new ChoiceAnswer(q.Options[^1].Id),
                _ => new TextAnswer("As described."),
            },
        });
        assessment.SaveAnswers(new AnswerChanges(answers, []));
        foreach (var question in template.Questions.Where(q => q.Kind == QuestionKind.Evidence && q.Required))
        {
            assessment.AttachEvidence(question.Id, new EvidenceFile("ev-" + question.Id, "policy.pdf", "application/pdf", 1024));
        }
        Assert.Empty(assessment.Submit(template, at.AddDays(1)));
        assessment.RecordScore(Scoring.Rate(template, assessment.Answers));
        var v1 = AssessmentReport.Create(procurement, assessment, profile, ShippedData.Catalog, 1, verified: false, at.AddDays(2));
        if (!rejectedByTheExpert)
        {
            return v1;
        }
        assessment.RecordReport(v1, new Domain.Events.ReportLinks("https://example.org/v1.json", "https://example.org/v1.pdf"));
        assessment.Override(new Domain.Grid.Cell(Domain.Grid.ProcessAreaId.Parse("PA22"), Domain.Grid.CommonFeature.Parse("1.1")),
            Domain.Grid.Rating.FromPercent(0), "Three subcontractors run the night shift.", "expert-1", at.AddDays(9));
        return AssessmentReport.Create(procurement, assessment, profile, ShippedData.Catalog, assessment.Finalize(), verified: true, at.AddDays(10));
    }

    [Fact]
    public void The_email_grid_says_NA_and_a_claim_the_expert_rejected_shows_declared_NA_beside_the_verified_rating()
    {
        var email = ReportEmail.Render(Report(), ShippedData.Catalog, new Uri("https://example.org/report"));
        Assert.Matches("data-cell=\"PA22/1.1\"[^>]*>NA</td>", email.Html);
        Assert.Contains("Cells not applicable (N/A): 12", email.Text);
        Assert.Contains("data-metric=\"not-applicable\">Cells not applicable (N/A): 12</p>", email.Html);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(ReportPdf.Render(Report(), ShippedData.Catalog)))
        {
            var words = " " + string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text)) + " ";
            Assert.Contains(" Cells not applicable (N/A): 12 ", words);
        }

        var verified = Report(rejectedByTheExpert: true);
        Assert.Equal(11, verified.NotApplicable.Count);
        Assert.Equal(1, verified.ActiveGap[Domain.Grid.ProcessAreaId.Parse("PA22")].MissingPoints); // the rejected claim is a missing point
        var html = ReportHtml.Render(verified, ShippedData.Catalog);
        Assert.Contains("<td class=\"declared\"><span class=\"letter na\">NA</span> not applicable</td>", html);
    }

    [Fact]
    public void The_grid_tooltip_of_a_NA_claim_the_expert_rejected_says_declared_NA_in_both_languages_and_after_the_json()
    {
        var verified = Report(rejectedByTheExpert: true);
        var read = ReportJson.Read(ReportJson.Serialize(verified), ShippedData.Profile("government-web-hosting"), ShippedData.Catalog);
        foreach (var (report, language, expected) in new[]
        {
            (verified, "en", "N (0 %), declared NA"), (read, "en", "N (0 %), declared NA"), (read, "fr", "N (0 %), déclaré NA"),
        })
        {
            var html = ReportHtml.Render(report, ShippedData.Catalog, language);
            var svg = html[html.IndexOf("<svg class=\"grid-svg\"", StringComparison.Ordinal)..];
            var group = svg[svg.IndexOf("<g class=\"cell\" data-cell=\"PA22/1.1\"", StringComparison.Ordinal)..];
            var title = group[(group.IndexOf("<title>", StringComparison.Ordinal) + 7)..group.IndexOf("</title>", StringComparison.Ordinal)];
            Assert.EndsWith(expected, title.Replace('\u00a0', ' ').Replace('\u202f', ' '));
            Assert.DoesNotContain("declared N (", title);
            Assert.Matches("data-cell=\"PA22/1.1\" title=\"[^\"]*" + (language == "fr" ? "déclaré" : "declared") + " NA\"", html); // the grid as a table
        }
    }

    [Fact]
    public void The_checklist_lists_NA_claims_missing_evidence_and_disagreeing_answers_and_the_summary_counts_NA_cells()
    {
        var report = Report();
        Assert.Equal(12, report.NotApplicable.Count);
        var html = ReportHtml.Render(report, ShippedData.Catalog);
        Assert.Contains("<span class=\"value\" data-metric=\"not-applicable\">12</span>", html);
        var checklist = html[html.IndexOf("<section id=\"checklist\">", StringComparison.Ordinal)..];
        checklist = checklist[..checklist.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("Not applicable claims (12 cells not applicable)", checklist);
        Assert.Contains("<li data-question=\"ORG-04\">", checklist);
        Assert.Contains("No subcontractor &lt;b&gt;at all&lt;/b&gt;", checklist); // what the supplier typed, encoded
        Assert.DoesNotContain("<b>at all</b>", checklist);
        Assert.Contains("<li data-question=\"POL-10\">", checklist); // optional evidence, not attached
        Assert.DoesNotContain("<li data-question=\"POL-09\">", checklist); // attached
        Assert.Contains("<li data-cell=\"PA01/2.1\">PA01/2.1: POL-01 100 % · POL-02 0 %</li>", checklist);
        Assert.Contains("data-cell=\"PA22/1.1\" data-letter=\"NA\"", html); // the grid says NA
    }

    [Fact]
    public void The_findings_travel_in_the_report_json_and_come_back_for_the_downloads()
    {
        var report = Report();
        var json = ReportJson.Serialize(report);
        var node = JsonNode.Parse(json)!;
        Assert.Equal(12, node["notApplicable"]!.AsArray().Count);
        Assert.Equal(Why, (string)node["findings"]!["notApplicable"]![0]!["justification"]!);

        var read = ReportJson.Read(json, ShippedData.Profile("government-web-hosting"), ShippedData.Catalog);
        Assert.Equal(report.NotApplicable, read.NotApplicable);
        Assert.Equal(report.Findings!.NotApplicable, read.Findings!.NotApplicable);
        Assert.Equal(report.Findings.MissingEvidence, read.Findings.MissingEvidence);
        Assert.Equal(report.Findings.Disagreements, read.Findings.Disagreements);
        Assert.Equal(report.Gap.Variants[0].MissingPoints, read.Gap.Variants[0].MissingPoints);
    }
}
