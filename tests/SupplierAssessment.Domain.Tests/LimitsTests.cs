using System.Text.Json;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Issue 12's limits where they live in the domain: how a text is counted, the bounded lists, targets falling as the alert rises.</summary>
public class LimitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly QuestionnaireTemplate Template = ShippedData.CurrentTemplate;

    [Fact]
    public void A_text_of_80_lines_of_49_characters_sent_with_CRLF_counts_4000_characters_and_is_stored_with_LF()
    {
        var typed = string.Concat(Enumerable.Range(0, 80).Select(i => new string((char)('a' + i % 26), 49) + "\r\n")); // as a browser posts it
        Assert.Equal(4080, typed.Length);
        var errors = new Dictionary<string, string[]>();
        var changes = AnswerValidation.Read(Template, new Dictionary<string, JsonElement> { ["POL-08"] = JsonSerializer.SerializeToElement(typed) }, errors);
        Assert.Empty(errors);
        var text = Assert.IsType<TextAnswer>(changes.Answered["POL-08"]).Text;
        Assert.Equal(4000, text.Length);
        Assert.DoesNotContain('\r', text);
        Assert.Equal(80, text.Count(c => c == '\n'));
    }

    [Theory]
    [InlineData("a\u0000b", false)]
    [InlineData("a\u001b[31mred", false)]
    [InlineData("a\u007fb", false)]
    [InlineData("a\u0085b", false)]
    [InlineData("line one\r\nline two\twith a tab", true)]
    [InlineData("עברית \u200F and a right-to-left mark", true)]
    public void A_text_answer_or_justification_holding_a_control_character_is_refused_and_line_breaks_and_tabs_are_not(string typed, bool accepted)
    {
        // Found by a fresh user: NUL and escape were stored and reached the report as &#x0; and &#x1B;.
        var errors = new Dictionary<string, string[]>();
        AnswerValidation.Read(Template, new Dictionary<string, JsonElement>
        {
            ["POL-08"] = JsonSerializer.SerializeToElement(typed),
        }, errors);
        Assert.Equal(accepted, !errors.ContainsKey("POL-08"));
        Assert.Equal(accepted ? null : AnswerValidation.ControlCharacters, AnswerValidation.JustificationProblem(typed));
        if (!accepted)
        {
            Assert.Equal(AnswerValidation.ControlCharacters, Assert.Single(errors["POL-08"]));
        }
    }

    [Fact]
    public void One_character_over_the_limit_is_still_refused_and_named_by_its_count_as_the_browser_counts()
    {
        var typed = string.Concat(Enumerable.Repeat(new string('x', 49) + "\r\n", 80)) + "y";
        var errors = new Dictionary<string, string[]>();
        AnswerValidation.Read(Template, new Dictionary<string, JsonElement> { ["POL-08"] = JsonSerializer.SerializeToElement(typed) }, errors);
        Assert.Equal("The answer is 4001 characters long; at most 4000 are accepted.", errors["POL-08"][0]);
    }

    [Fact]
    public void A_question_keeps_20_evidence_files_and_the_21st_is_refused_naming_the_bound_before_anything_changes()
    {
        var (assessment, _) = Assessment.Invite("proc-1", "Hosting", "sec@hosting.example", Template, Now);
        for (var i = 0; i < Assessment.MaxEvidenceFilesPerQuestion; i++)
        {
            Assert.Null(assessment.EvidenceLimitProblem("POL-09"));
            assessment.AttachEvidence("POL-09", new EvidenceFile($"f{i}", $"Procédure {i}.pdf", "application/pdf", 10));
        }
        Assert.Equal(20, assessment.EvidenceCount("POL-09"));
        Assert.Contains("already has 20 evidence files", assessment.EvidenceLimitProblem("POL-09"));
        var refused = Assert.Throws<LimitExceededException>(() => assessment.AttachEvidence("POL-09", new EvidenceFile("f21", "one more.pdf", "application/pdf", 10)));
        Assert.Contains("20", refused.Message);
        Assert.Equal(20, assessment.EvidenceCount("POL-09"));
        Assert.Null(assessment.EvidenceLimitProblem("POL-10")); // the bound is per question
    }

    [Fact]
    public void The_expert_notes_of_one_assessment_hold_100000_characters_together_and_a_correction_over_that_is_refused()
    {
        var assessment = new Assessment("proc-1", "a-1", "Hosting", "sec@hosting.example", Template.Key, AssessmentState.Reported,
            "hash", Now.AddDays(30), false, Now, Answers.None, reportVersion: 1);
        var note = new string('n', 2000);
        var cells = Cell.All.Take(Assessment.MaxReviewNotesLength / note.Length).ToArray(); // 50 notes of 2000: exactly full
        foreach (var cell in cells)
        {
            assessment.Override(cell, Rating.FromPercent(60), note, "expert", Now);
        }
        var next = Cell.All.ElementAt(cells.Length);
        var refused = Assert.Throws<LimitExceededException>(() => assessment.Override(next, Rating.FromPercent(60), "one more", "expert", Now));
        Assert.Contains("100000", refused.Message);
        Assert.Equal(50, assessment.Overrides.Count);
        assessment.Override(cells[0], Rating.FromPercent(90), "shorter now", "expert", Now); // replacing a note frees its room
        assessment.Override(next, Rating.FromPercent(60), "fits now", "expert", Now);
        Assert.Equal(51, assessment.Overrides.Count);
    }

    [Fact]
    public void A_target_falling_from_3_at_normal_to_1_at_high_is_found_and_named_with_both_levels()
    {
        var government = ShippedData.Profile("government-web-hosting");
        Assert.Empty(CustomProfiles.FallingTargets(government));
        var pa = ProcessAreaId.Parse("PA05");
        var profile = government.WithTarget("normal", pa, 3).WithTarget("elevated", pa, 3).WithTarget("high", pa, 1);
        var falling = Assert.Single(CustomProfiles.FallingTargets(profile));
        Assert.Equal(new FallingTarget(pa, "elevated", 3, "high", 1), falling);
    }
}
