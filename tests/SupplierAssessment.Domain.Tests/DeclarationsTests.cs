using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Issue #9: what the declarations show behind a cell, and what they add to the on-site checklist.</summary>
public class DeclarationsTests
{
    private const string TemplateJson = """
    { "id": "decl", "version": 1, "title": {"en": "D", "fr": "D"},
      "scaleLabels": [{"en":"0","fr":"0"},{"en":"1","fr":"1"},{"en":"2","fr":"2"},{"en":"3","fr":"3"},{"en":"4","fr":"4"},{"en":"5","fr":"5"}],
      "topics": [ { "id": "security-policy", "title": {"en": "Policy", "fr": "Politique"},
        "questions": [
          { "id": "S1", "kind": "scale", "required": true, "processAreas": ["PA01"] },
          { "id": "C1", "kind": "choice", "required": true, "notApplicable": true,
            "cells": [ { "processArea": "PA01", "commonFeatures": ["2.1"] }, { "processArea": "PA22", "commonFeatures": ["1.1"] } ],
            "options": [ { "id": "no", "percent": 0 }, { "id": "some", "percent": 30 }, { "id": "yes", "percent": 100 } ] },
          { "id": "T1", "kind": "text", "required": false, "processAreas": ["PA01"] },
          { "id": "E1", "kind": "evidence", "required": false, "processAreas": ["PA01"] },
          { "id": "E2", "kind": "evidence", "required": false, "processAreas": ["PA05"] }
        ] } ] }
    """;

    private static readonly QuestionnaireTemplate Template = QuestionnaireTemplateReader.Parse(TemplateJson);

    private static Answers With(int scale, string? choice) => new(new Dictionary<string, Answer>
    {
        ["S1"] = new ScaleAnswer(scale),
        ["E1"] = new EvidenceAnswer([new EvidenceFile("f1", "policy.pdf", "application/pdf", 22)]),
    }.Concat(choice is null ? [] : [KeyValuePair.Create("C1", choice == "NA" ? (Answer)new NotApplicableAnswer(QuestionKind.Choice, "No such thing here.") : new ChoiceAnswer(choice))]));

    // scale level; choice; disagreeing cells; reason
    [Theory]
    [InlineData(4, "no", "PA01/2.1", "the issue's example: a scale at 4 (100 % on 2.1) with a choice at 0 on the same cell")]
    [InlineData(1, "yes", "PA01/2.1", "the other way round: the scale at 1 says 2.1 is not done (0 %), the choice says 100 %")]
    [InlineData(4, "some", "", "30 % is P: partly done is no contradiction of an achieved cell")]
    [InlineData(1, "no", "", "both say not done: they agree")]
    [InlineData(4, "NA", "", "an N/A answer rates nothing, so it contradicts nothing")]
    public void Cells_where_one_answer_says_achieved_and_another_not_done_are_listed(int scale, string choice, string expected, string reason)
    {
        var found = Declarations.Disagreements(Template, With(scale, choice));
        Assert.True(expected == string.Join(' ', found.Select(d => d.Cell.ToString())), reason);
    }

    [Fact]
    public void Behind_a_cell_are_the_scored_questions_that_map_to_it_then_the_texts_and_evidence_of_its_process_area()
    {
        var behind = Declarations.Behind(Template, With(3, "yes"), Cell("PA01", "2.1"));
        Assert.Equal(["S1", "C1", "T1", "E1"], behind.Select(d => d.Question.Id));
        Assert.Equal(["policy.pdf"], behind.Single(d => d.Question.Id == "E1").Files.Select(f => f.FileName));
        Assert.Null(behind.Single(d => d.Question.Id == "T1").Answer);
        Assert.Equal([Cell("PA01", "2.1"), Cell("PA22", "1.1")], behind.Single(d => d.Question.Id == "C1").Feeds);
        Assert.Equal(["S1"], Declarations.Behind(Template, With(3, "yes"), Cell("PA01", "5.2")).Where(d => d.Question.IsScored).Select(d => d.Question.Id));
    }

    [Fact]
    public void The_checklist_findings_name_the_NA_claims_with_their_justification_and_the_evidence_not_attached()
    {
        var findings = DeclarationFindings.Of(Template, With(4, "NA"));
        Assert.Equal(["PA01/2.1", "PA22/1.1"], findings.NotApplicable.Select(c => c.Cell.ToString()));
        Assert.All(findings.NotApplicable, c => Assert.Equal(("C1", "No such thing here."), (c.QuestionId, c.Justification)));
        Assert.Equal(["E2"], findings.MissingEvidence); // E1 has its file
        Assert.Empty(findings.Disagreements);
        Assert.Equal(["PA01/2.1"], DeclarationFindings.Of(Template, With(4, "no")).Disagreements.Select(d => d.Cell.ToString()));
    }
}
