using System.Text.Json;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

public class QuestionnaireTests
{
    // A small template: one scale question on PA01+PA02, two choice questions sharing PA01/2.1 with weights 1 and 3.
    private const string SmallTemplate = """
    { "id": "small", "version": 2, "title": {"en": "Small", "fr": "Petit"},
      "scaleLabels": [{"en":"0","fr":"0"},{"en":"1","fr":"1"},{"en":"2","fr":"2"},{"en":"3","fr":"3"},{"en":"4","fr":"4"},{"en":"5","fr":"5"}],
      "topics": [ { "id": "security-policy", "title": {"en": "Security policy", "fr": "Politique de sécurité"},
        "questions": [
          { "id": "S1", "kind": "scale", "required": true, "weight": 1, "processAreas": ["PA01", "PA02"] },
          { "id": "C1", "kind": "choice", "required": true, "weight": 1,
            "cells": [ { "processArea": "PA01", "commonFeatures": ["2.1"] } ],
            "options": [ { "id": "no", "percent": 0 }, { "id": "partly", "percent": 40 }, { "id": "yes", "percent": 100 } ] },
          { "id": "C2", "kind": "choice", "required": false, "weight": 3,
            "cells": [ { "processArea": "PA01", "commonFeatures": ["2.1", "4.1"] }, { "processArea": "PA13", "commonFeatures": ["1.1"] } ],
            "options": [ { "id": "no", "percent": 0 }, { "id": "yes", "percent": 100 } ] },
          { "id": "T1", "kind": "text", "required": true, "maxLength": 10 },
          { "id": "E1", "kind": "evidence", "required": true }
        ] } ] }
    """;

    private static readonly QuestionnaireTemplate Template = QuestionnaireTemplateReader.Parse(SmallTemplate);

    private static Answers Answer(params (string Id, Answer Answer)[] answers) =>
        new(answers.Select(a => KeyValuePair.Create(a.Id, a.Answer)));

    [Fact]
    public void Scale_answer_k_rates_levels_up_to_k_at_100_and_above_at_0_for_every_mapped_process_area()
    {
        var grid = Scoring.Rate(Template, Answer(("S1", new ScaleAnswer(2))));
        foreach (var pa in new[] { "PA01", "PA02" })
        {
            Assert.Equal(2, grid.AchievedLevel(ProcessAreaId.Parse(pa)));
            Assert.Equal(100, grid[Cell(pa, "2.4")].Percent);
            Assert.Equal(0, grid[Cell(pa, "3.1")].Percent);
            Assert.True(grid.IsCovered(Cell(pa, "5.2")), "a scale answer covers every CF of its PAs, 0 % counts as covered");
        }
    }

    [Fact]
    public void Cell_percentage_is_the_weighted_mean_of_the_answered_questions_mapping_to_it()
    {
        // PA01/2.1: S1=1 → 0 % (w1), C1=partly → 40 % (w1), C2=yes → 100 % (w3): (0 + 40 + 300) / 5 = 68 %.
        var grid = Scoring.Rate(Template, Answer(("S1", new ScaleAnswer(1)), ("C1", new ChoiceAnswer("partly")), ("C2", new ChoiceAnswer("yes"))));
        Assert.Equal(68, grid[Cell("PA01", "2.1")].Percent, precision: 9);
        Assert.Equal(RatingLetter.L, grid[Cell("PA01", "2.1")].Letter);
        // PA01/4.1: S1 (0 %, w1) and C2 (100 %, w3) → 75 %.
        Assert.Equal(75, grid[Cell("PA01", "4.1")].Percent, precision: 9);
    }

    [Fact]
    public void Cell_no_answered_question_maps_to_is_not_covered_and_scores_N()
    {
        // C2 (the only question on PA13) is left unanswered.
        var grid = Scoring.Rate(Template, Answer(("S1", new ScaleAnswer(5))));
        Assert.False(grid.IsCovered(Cell("PA13", "1.1")));
        Assert.Equal(RatingLetter.N, grid[Cell("PA13", "1.1")].Letter);
        Assert.Contains(Cell("PA13", "1.1"), grid.NotCoveredCells);
        Assert.DoesNotContain(Cell("PA01", "1.1"), grid.NotCoveredCells);
    }

    [Fact]
    public void Text_and_evidence_answers_do_not_change_any_rating()
    {
        var evidence = new EvidenceAnswer([new EvidenceFile("f1", "policy.pdf", "application/pdf", 1000)]);
        var grid = Scoring.Rate(Template, Answer(("T1", new TextAnswer("all good")), ("E1", evidence)));
        Assert.Equal(264, grid.NotCoveredCells.Count());
    }

    private static (AnswerChanges Changes, IDictionary<string, string[]> Errors) Save(string json)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        var errors = new SortedDictionary<string, string[]>();
        return (AnswerValidation.Read(Template, values, errors), errors);
    }

    [Theory]
    [InlineData("""{ "X9": 3 }""", "X9", "not a question", "unknown question")]
    [InlineData("""{ "S1": "three" }""", "S1", "whole number from 0 to 5", "wrong kind: text for a scale")]
    [InlineData("""{ "S1": 2.5 }""", "S1", "whole number from 0 to 5", "a scale answer is whole")]
    [InlineData("""{ "S1": 6 }""", "S1", "out of range", "value out of range")]
    [InlineData("""{ "S1": -1 }""", "S1", "out of range", "value out of range below")]
    [InlineData("""{ "C1": "maybe" }""", "C1", "not one of this question's options", "option not offered")]
    [InlineData("""{ "C1": 2 }""", "C1", "one of its options", "wrong kind: number for a choice")]
    [InlineData("""{ "T1": "far too long for ten" }""", "T1", "at most 10", "text too long")]
    [InlineData("""{ "T1": 4 }""", "T1", "takes text", "wrong kind: number for a text")]
    [InlineData("""{ "E1": "policy.pdf" }""", "E1", "uploading a file", "evidence comes by upload")]
    public void Bad_answer_is_refused_with_a_message_under_its_question_id(string json, string questionId, string message, string reason)
    {
        var (changes, errors) = Save(json);
        Assert.True(errors.ContainsKey(questionId), reason);
        Assert.Contains(message, errors[questionId][0]);
        Assert.Empty(changes.Answered);
    }

    [Fact]
    public void Good_answers_are_read_and_null_clears_an_answer()
    {
        var (changes, errors) = Save("""{ "S1": 3, "C1": "yes", "T1": "ok", "C2": null }""");
        Assert.Empty(errors);
        Assert.Equal(new ScaleAnswer(3), changes.Answered["S1"]);
        Assert.Equal(new ChoiceAnswer("yes"), changes.Answered["C1"]);
        Assert.Equal(["C2"], changes.Cleared);
    }

    [Fact]
    public void One_bad_answer_does_not_hide_the_others_errors()
    {
        var (_, errors) = Save("""{ "S1": 9, "C1": "maybe", "S2": 1 }""");
        Assert.Equal(["C1", "S1", "S2"], errors.Keys);
    }

    [Fact]
    public void Submit_needs_every_required_question_answered_including_required_evidence()
    {
        var errors = AnswerValidation.CheckComplete(Template, Answer(("S1", new ScaleAnswer(1)), ("T1", new TextAnswer("  "))));
        Assert.Equal(["C1", "E1", "T1"], errors.Keys);
        Assert.Contains("evidence", errors["E1"][0]);
    }

    [Fact]
    public void Complete_answers_pass_the_submit_check()
    {
        var evidence = new EvidenceAnswer([new EvidenceFile("f1", "policy.pdf", "application/pdf", 1000)]);
        var errors = AnswerValidation.CheckComplete(Template,
            Answer(("S1", new ScaleAnswer(1)), ("C1", new ChoiceAnswer("no")), ("T1", new TextAnswer("ok")), ("E1", evidence)));
        Assert.Empty(errors);
    }

    [Fact]
    public void Stored_answer_of_the_wrong_kind_is_reported()
    {
        var errors = AnswerValidation.Check(Template, Answer(("S1", new ChoiceAnswer("yes")), ("C1", new ChoiceAnswer("gone"))));
        Assert.Contains("cannot take a choice answer", errors["S1"][0]);
        Assert.Contains("not one of this question's options", errors["C1"][0]);
    }

    [Theory]
    [InlineData("\"processAreas\": [\"PA01\", \"PA02\"]", "\"processAreas\": [\"PA23\"]", "'PA23' is not a process area", "unknown PA")]
    [InlineData("\"commonFeatures\": [\"2.1\"]", "\"commonFeatures\": [\"2.5\"]", "'2.5' is not a common feature", "unknown CF")]
    [InlineData("\"kind\": \"scale\"", "\"kind\": \"slider\"", "kind 'slider'", "unknown kind")]
    [InlineData("\"percent\": 40", "\"percent\": 140", "outside 0..100", "option percentage out of range")]
    [InlineData("\"id\": \"C2\"", "\"id\": \"C1\"", "used twice", "duplicate question id")]
    public void Broken_template_is_refused_naming_the_question(string good, string bad, string message, string reason)
    {
        var broken = SmallTemplate.Replace(good, bad);
        Assert.NotEqual(SmallTemplate, broken);
        var error = Assert.Throws<InvalidDataException>(() => QuestionnaireTemplateReader.Parse(broken));
        Assert.True(error.Message.Contains(message), $"{reason}: {error.Message}");
    }

    [Fact]
    public void Template_key_pins_id_and_version()
    {
        Assert.Equal("small@2", Template.Key);
    }
}
