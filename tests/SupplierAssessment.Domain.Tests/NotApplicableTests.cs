using System.Text.Json;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

/// <summary>
/// DESIGN §2.2 rule 9: a cell every one of whose (answered) mapped questions was answered "not applicable" is not
/// applicable — never a missing or exceeding point, achieved for the achieved level; a cell with other answers is rated
/// from those alone; an expert's rating rejects the claim.
/// </summary>
public class NotApplicableTests
{
    // PA22: scale S22 (all 12 CFs) and choice C22 on 2.1 and 3.1, both admitting N/A; PA01: scale S01 (no N/A) and
    // choice C01 on PA01/2.1, which admits N/A.
    private const string TemplateJson = """
    { "id": "na", "version": 1, "title": {"en": "NA", "fr": "NA"},
      "scaleLabels": [{"en":"0","fr":"0"},{"en":"1","fr":"1"},{"en":"2","fr":"2"},{"en":"3","fr":"3"},{"en":"4","fr":"4"},{"en":"5","fr":"5"}],
      "topics": [ { "id": "organization", "title": {"en": "Organization", "fr": "Organisation"},
        "questions": [
          { "id": "S22", "kind": "scale", "required": true, "notApplicable": true, "processAreas": ["PA22"] },
          { "id": "C22", "kind": "choice", "required": true, "notApplicable": true,
            "cells": [ { "processArea": "PA22", "commonFeatures": ["2.1", "3.1"] } ],
            "options": [ { "id": "no", "percent": 0 }, { "id": "yes", "percent": 100 } ] },
          { "id": "S01", "kind": "scale", "required": true, "processAreas": ["PA01"] },
          { "id": "C01", "kind": "choice", "required": false, "notApplicable": true,
            "cells": [ { "processArea": "PA01", "commonFeatures": ["2.1"] } ],
            "options": [ { "id": "no", "percent": 0 }, { "id": "yes", "percent": 100 } ] }
        ] } ] }
    """;

    private static readonly QuestionnaireTemplate Template = QuestionnaireTemplateReader.Parse(TemplateJson);

    private static readonly NotApplicableAnswer NoSubcontractors = new(QuestionKind.Scale, "We run everything ourselves: no subcontractors.");

    /// <summary>Answers written "S22=NA C22=yes S01=2": NA, a level, or an option id.</summary>
    private static Answers Parse(string answers) => new(answers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a =>
    {
        var (id, value) = (a.Split('=')[0], a.Split('=')[1]);
        var question = Template.Questions.Single(q => q.Id == id);
        Answer answer = value == "NA" ? NoSubcontractors with { QuestionKind = question.Kind }
            : question.Kind == QuestionKind.Scale ? new ScaleAnswer(int.Parse(value))
            : new ChoiceAnswer(value);
        return KeyValuePair.Create(id, answer);
    }));

    // answers; cell; expected: "NA", "not covered" or a percentage; reason
    public static TheoryData<string, string, string, string> Cells => new()
    {
        { "S22=NA C22=NA", "PA22/2.1", "NA", "every question mapped to the cell is N/A: the cell is not applicable" },
        { "S22=NA C22=NA", "PA22/5.2", "NA", "only the scale maps to 5.2, and it is N/A" },
        { "S22=NA C22=yes", "PA22/2.1", "100", "mixed: the cell is rated from the choice alone (the N/A scale is left out of the mean)" },
        { "S22=NA C22=no", "PA22/3.1", "0", "mixed: the choice alone gives 0 %, an N/A never lifts a rating" },
        { "S22=NA C22=yes", "PA22/1.1", "NA", "the choice does not map to 1.1: only the N/A scale does" },
        { "S22=3 C22=NA", "PA22/2.1", "100", "mixed the other way: the scale at 3 alone rates 2.1" },
        { "S22=3 C22=NA", "PA22/4.1", "0", "the scale at 3 alone rates 4.1 at 0 %" },
        { "S01=2 C01=NA", "PA01/2.1", "100", "an N/A choice on a scale-rated cell changes nothing: rated from the scale alone" },
        { "S01=2", "PA22/2.1", "not covered", "no answer at all maps to the cell: not covered (rule 8), not NA" },
        { "C01=NA", "PA01/2.1", "NA", "a question left unanswered counts neither way: the one answered question on the cell is N/A" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public void A_cell_is_not_applicable_only_when_all_its_answers_are_NA_otherwise_rated_from_the_others(
        string answers, string cell, string expected, string reason)
    {
        var grid = Scoring.Rate(Template, Parse(answers));
        var (pa, cf) = (cell.Split('/')[0], cell.Split('/')[1]);
        var at = Cell(pa, cf);
        switch (expected)
        {
            case "NA":
                Assert.True(grid.IsNotApplicable(at), reason);
                Assert.True(grid.IsCovered(at), "an N/A claim is an answer: the cell is not 'not covered'");
                Assert.False(grid.IsRated(at), reason);
                Assert.Contains(at, grid.NotApplicableCells);
                Assert.DoesNotContain(at, grid.NotCoveredCells);
                break;
            case "not covered":
                Assert.False(grid.IsCovered(at), reason);
                Assert.False(grid.IsNotApplicable(at), reason);
                break;
            default:
                Assert.False(grid.IsNotApplicable(at), reason);
                Assert.Equal(double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), grid[at].Percent, precision: 9);
                break;
        }
    }

    // ratings of PA22 (a "NA" or a letter per CF, others not covered); target; achieved level; missing; exceeding; reason
    public static TheoryData<string, int, int, string, string, string> Gaps => new()
    {
        { "1.1=NA 2.1=NA 2.2=NA 2.3=NA 2.4=NA", 2, 2, "", "", "every required cell N/A: no missing point, the level counts as reached" },
        { "1.1=F 2.1=NA 2.2=F 2.3=F 2.4=F", 2, 2, "", "", "an N/A cell inside the chain does not break it" },
        { "1.1=F 2.1=NA 2.2=N 2.3=F 2.4=F", 3, 1, "2.2 3.1 3.2 3.3", "", "an N/A cell is never missing; the others still are" },
        { "1.1=F 3.1=NA 4.1=NA", 1, 1, "", "", "N/A cells above the target are never exceeding points" },
        { "1.1=F 2.1=F 2.2=F 2.3=F 2.4=F 3.1=F 3.2=NA 3.3=F", 3, 3, "", "", "the chain reaches 3 across an N/A 3.2" },
        { "1.1=NA 2.1=F", 0, 1, "", "2.1", "target 0: the N/A 1.1 is not exceeding, the achieved 2.1 is" },
    };

    [Theory]
    [MemberData(nameof(Gaps))]
    public void A_not_applicable_cell_is_never_a_missing_or_exceeding_point_and_counts_as_achieved_for_the_level(
        string cells, int target, int achievedLevel, string missing, string exceeding, string reason)
    {
        var grid = Grid("PA22", cells);
        var gap = GapAnalysis.Compute(grid, Profile("normal", new Dictionary<string, int> { ["PA22"] = target }));
        var pa22 = gap.Variants[0][ProcessAreaId.Parse("PA22")];
        Assert.True(achievedLevel == pa22.Achieved, reason);
        Assert.Equal(achievedLevel, grid.AchievedLevel(ProcessAreaId.Parse("PA22")));
        Assert.Equal(missing, string.Join(' ', pa22.Missing.Select(cf => cf.Id)));
        Assert.Equal(exceeding, string.Join(' ', pa22.Exceeding.Select(cf => cf.Id)));
        Assert.Equal(missing.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, gap.Variants[0].MissingPoints);
    }

    // the expert's rating of an N/A cell; missing points of PA22 at target 2; reason
    public static TheoryData<string?, int, string> Rejections => new()
    {
        { null, 0, "no correction: the N/A claim stands, no point" },
        { "N", 1, "the expert rates the cell N: the claim is rejected and the cell is a missing point" },
        { "P", 1, "P is not achieved either: a missing point" },
        { "F", 0, "the expert rates it F: rated, achieved, no point — but no longer N/A" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void The_expert_rejects_an_NA_claim_by_rating_the_cell(string? expertRating, int missingPoints, string reason)
    {
        var declared = Scoring.Rate(Template, Parse("S22=NA C22=NA"));
        var cell = Cell("PA22", "2.1");
        var assessment = ReportedAssessment(declared);
        if (expertRating is not null)
        {
            Assert.True(Rating.TryParse(expertRating, out var rating));
            assessment.Override(cell, rating, "Two subcontractors seen on site.", "expert@celar.example", DateTimeOffset.UnixEpoch);
        }
        var verified = assessment.VerifiedRatings!;
        Assert.Equal(expertRating is null, verified.IsNotApplicable(cell));
        Assert.True(declared.IsNotApplicable(cell), "the declared ratings keep the supplier's claim");
        var gap = GapAnalysis.Compute(verified, Profile("normal", new Dictionary<string, int> { ["PA22"] = 2 }));
        Assert.True(missingPoints == gap.Variants[0].MissingPoints, reason);
    }

    [Fact]
    public void Removing_the_experts_correction_brings_the_NA_claim_back_and_only_its_author_may_remove_it()
    {
        var cell = Cell("PA22", "2.1");
        var assessment = ReportedAssessment(Scoring.Rate(Template, Parse("S22=NA C22=NA")));
        assessment.Override(cell, Rating.FromLetter(RatingLetter.N), "Subcontractors seen.", "expert@celar.example", DateTimeOffset.UnixEpoch);
        Assert.False(assessment.VerifiedRatings!.IsNotApplicable(cell));

        var refused = Assert.Throws<CorrectionByAnotherExpertException>(() => assessment.RemoveOverride(cell, "other-expert@celar.example"));
        Assert.Contains("only they can remove it", refused.Message);
        var removed = assessment.RemoveOverride(cell, "expert@celar.example");
        Assert.Equal("Subcontractors seen.", removed.Note);
        Assert.Empty(assessment.Overrides);
        Assert.True(assessment.VerifiedRatings!.IsNotApplicable(cell));
        Assert.Throws<WorkflowException>(() => assessment.RemoveOverride(cell, "expert@celar.example"));
    }

    // the JSON value saved for a question; the error, or null when accepted; reason
    public static TheoryData<string, string, string?, string> Saves => new()
    {
        { "S22", """{ "notApplicable": "No subcontractors." }""", null, "the template admits N/A on S22 and it is justified" },
        { "S22", """{ "notApplicable": "  " }""", "needs a justification", "a blank justification is refused" },
        { "S22", """{ "notApplicable": true }""", "why it does not apply", "the justification is text" },
        { "S01", """{ "notApplicable": "Not relevant." }""", "cannot be answered \"not applicable\"", "S01 does not admit N/A" },
        { "S22", """{ "notApplicable": "No subcontractors.", "extra": 1 }""", "with no other property", "a property beside the claim would be silently lost" },
        { "S22", """{ "justification": "No subcontractors." }""", "with no other property", "the claim is named notApplicable" },
        { "S22", "{}", "with no other property", "an empty object claims nothing" },
        { "S22", "{ \"notApplicable\": \"No subcontractors.\\r\\n\" }", null, "the justification is trimmed, its line breaks normalised" },
    };

    [Fact]
    public void A_justification_sent_with_CRLF_is_stored_with_LF_and_each_line_break_counts_one()
    {
        var lines = string.Join("\r\n", Enumerable.Repeat(new string('x', 9), 200)); // 200 lines: 1800 + 199 line breaks
        var errors = new Dictionary<string, string[]>();
        var changes = AnswerValidation.Read(Template,
            new Dictionary<string, JsonElement> { ["S22"] = JsonSerializer.SerializeToElement(new { notApplicable = "No subcontractors:\r\nall in house.\rReally." }),
                ["C22"] = JsonSerializer.SerializeToElement(new { notApplicable = lines }) }, errors);

        Assert.Empty(errors);
        Assert.Equal("No subcontractors:\nall in house.\nReally.", Assert.IsType<NotApplicableAnswer>(changes.Answered["S22"]).Justification);
        Assert.Equal(1999, Assert.IsType<NotApplicableAnswer>(changes.Answered["C22"]).Justification.Length); // 2198 with CRLF: still under 2000
        Assert.Null(AnswerValidation.JustificationProblem(lines));
    }

    [Theory]
    [MemberData(nameof(Saves))]
    public void Not_applicable_is_accepted_only_where_the_template_admits_it_and_with_a_justification(
        string questionId, string json, string? error, string reason)
    {
        var errors = new Dictionary<string, string[]>();
        var changes = AnswerValidation.Read(Template, new Dictionary<string, JsonElement> { [questionId] = JsonDocument.Parse(json).RootElement }, errors);
        if (error is null)
        {
            Assert.True(errors.Count == 0, reason);
            var answer = Assert.IsType<NotApplicableAnswer>(changes.Answered[questionId]);
            Assert.Equal("No subcontractors.", answer.Justification);
            Assert.Equal(QuestionKind.Scale, answer.Kind);
        }
        else
        {
            Assert.True(errors.ContainsKey(questionId), reason);
            Assert.Contains(error, errors[questionId][0]);
            Assert.Empty(changes.Answered);
        }
    }

    [Fact]
    public void A_justified_NA_answers_a_required_question_for_submit()
    {
        var answers = Parse("S22=NA C22=NA S01=2");
        Assert.Empty(AnswerValidation.CheckComplete(Template, answers));
        var refused = AnswerValidation.Check(Template, answers.With([KeyValuePair.Create("S01", (Answer)NoSubcontractors)]));
        Assert.Contains("cannot be answered", refused["S01"][0]);
    }

    [Fact]
    public void Gap_request_reads_NA_as_a_not_applicable_cell_and_refuses_other_words()
    {
        var errors = new Dictionary<string, string[]>();
        var grid = GapRequest.ReadRatings(JsonDocument.Parse("""{ "PA22": { "1.1": "NA", "2.1": "na", "2.2": "F" } }""").RootElement, "ratings", errors);
        Assert.Empty(errors);
        Assert.True(grid!.IsNotApplicable(Cell("PA22", "1.1")));
        Assert.True(grid.IsNotApplicable(Cell("PA22", "2.1")));
        Assert.Equal(100, grid[Cell("PA22", "2.2")].Percent);

        GapRequest.ReadRatings(JsonDocument.Parse("""{ "PA22": { "1.1": "N/A" } }""").RootElement, "ratings", errors);
        Assert.Equal(["A rating is N, P, L, F, NA (not applicable) or a percentage from 0 to 100."], errors["ratings.PA22.1.1"]);
    }

    private static RatingGrid Grid(string processArea, string cells)
    {
        var rated = new List<KeyValuePair<Cell, Rating>>();
        var notApplicable = new List<Cell>();
        foreach (var entry in cells.Split(' '))
        {
            var (cf, value) = (entry.Split('=')[0], entry.Split('=')[1]);
            if (value == "NA")
            {
                notApplicable.Add(Cell(processArea, cf));
            }
            else
            {
                Assert.True(Rating.TryParse(value, out var rating));
                rated.Add(KeyValuePair.Create(Cell(processArea, cf), rating));
            }
        }
        return RatingGrid.From(rated, notApplicable);
    }

    private static Assessment ReportedAssessment(RatingGrid declared) => new(
        "p1", "a1", "Solo Hosting", "sec@solo.example", Template.Key, AssessmentState.Reported, "hash",
        DateTimeOffset.UnixEpoch, linkRevoked: false, DateTimeOffset.UnixEpoch, Answers.None, declared, reportVersion: 1,
        reviewerId: "expert@celar.example");
}
