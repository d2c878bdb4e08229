using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Questionnaires;

/// <summary>
/// One question with what the supplier declared: its answer (null when unanswered) and what the answer feeds — the cells
/// a scored question rates (or, answered N/A, claims not applicable), the process areas a text or evidence question
/// informs. What the expert reads before the on-site visit (seed 002: questionnaire, then on-site visit).
/// </summary>
public sealed record Declaration(Question Question, Answer? Answer)
{
    /// <summary>The cells this answer feeds, in grid order (none for text and evidence, and none when unanswered).</summary>
    public IReadOnlyList<Cell> Feeds => Answer is null ? [] : Question.Cells;

    /// <summary>The evidence files attached (empty for other kinds).</summary>
    public IReadOnlyList<EvidenceFile> Files => Answer is EvidenceAnswer evidence ? evidence.Files : [];

    /// <summary>The percentage this answer gives each cell it rates (DESIGN §2.5), or null when it rates none (N/A, text, evidence, unanswered).</summary>
    public double? PercentFor(Cell cell) => Answer switch
    {
        ScaleAnswer scale when Question.Kind == QuestionKind.Scale && Question.Cells.Contains(cell) => cell.Level <= scale.Level ? 100 : 0,
        ChoiceAnswer choice when Question.Cells.Contains(cell) => Question.Option(choice.OptionId)?.Percent,
        _ => null,
    };
}

/// <summary>An N/A claim on one cell: the question answered "not applicable" and the supplier's justification (DESIGN §2.2 rule 9).</summary>
public sealed record NotApplicableClaim(Cell Cell, Question Question, string Justification);

/// <summary>
/// Two declared answers on one cell that disagree: one says the practice is achieved (its percentage &gt; 50, L or F),
/// another that it is not done at all (≤ 15 %, N) — e.g. a scale at 4 with a choice at 0. Listed for the on-site visit.
/// </summary>
public sealed record Disagreement(Cell Cell, Declaration Achieved, Declaration NotDone);

/// <summary>
/// The supplier's declarations read against the template (pure): topic by topic, behind one cell, and what the on-site
/// visit must check (issue #9: N/A claims, answers whose evidence is missing, answers that disagree).
/// </summary>
public static class Declarations
{
    /// <summary>Every question, topic by topic in the template's order, with its answer (null when unanswered).</summary>
    public static IReadOnlyList<(Topic Topic, IReadOnlyList<Declaration> Declarations)> ByTopic(QuestionnaireTemplate template, Answers answers) =>
        [.. template.Topics.Select(t => (t, (IReadOnlyList<Declaration>)[.. t.Questions.Select(q => Of(q, answers))]))];

    /// <summary>
    /// What is behind one cell: the scored questions that map to it, then the text and evidence questions that inform its
    /// process area, in the template's order, each with its answer (null when unanswered).
    /// </summary>
    public static IReadOnlyList<Declaration> Behind(QuestionnaireTemplate template, Answers answers, Cell cell) =>
        [.. template.Questions
            .Where(q => q.IsScored ? q.Cells.Contains(cell) : q.ProcessAreas.Contains(cell.ProcessArea))
            .Select(q => Of(q, answers))];

    /// <summary>Every N/A answer, per cell it claims, in grid order then template order.</summary>
    public static IReadOnlyList<NotApplicableClaim> NotApplicableClaims(QuestionnaireTemplate template, Answers answers) =>
        [.. template.Questions
            .SelectMany(q => answers.TryGet(q.Id, out var a) && a is NotApplicableAnswer na ? q.Cells.Select(c => new NotApplicableClaim(c, q, na.Justification)) : [])
            .OrderBy(c => c.Cell.Index)];

    /// <summary>
    /// Evidence questions without a file: the evidence the expert asks for on site. Answered N/A (with its justification)
    /// is not missing evidence — it is an N/A claim.
    /// </summary>
    public static IReadOnlyList<Question> MissingEvidence(QuestionnaireTemplate template, Answers answers) =>
        [.. template.Questions.Where(q => q.Kind == QuestionKind.Evidence
            && !(answers.TryGet(q.Id, out var a) && (a is NotApplicableAnswer || a is EvidenceAnswer { Files.Count: > 0 })))];

    /// <summary>Cells where one declared answer says achieved (&gt; 50 %) and another not done (≤ 15 %), in grid order.</summary>
    public static IReadOnlyList<Disagreement> Disagreements(QuestionnaireTemplate template, Answers answers)
    {
        // One pass over the scored questions (template order), each declaration made once, indexed by the cells it rates:
        // the first achieved and the first not-done declaration of each cell, as reading the template per cell would find.
        var achieved = new Declaration?[Cell.Count];
        var notDone = new Declaration?[Cell.Count];
        foreach (var question in template.ScoredQuestions)
        {
            var declaration = Of(question, answers);
            if (declaration.Answer is null)
            {
                continue;
            }
            foreach (var cell in question.Cells)
            {
                switch (declaration.PercentFor(cell))
                {
                    case > 50:
                        achieved[cell.Index] ??= declaration;
                        break;
                    case <= 15:
                        notDone[cell.Index] ??= declaration;
                        break;
                }
            }
        }
        var found = new List<Disagreement>();
        foreach (var cell in Cell.All)
        {
            if (achieved[cell.Index] is { } yes && notDone[cell.Index] is { } no)
            {
                found.Add(new Disagreement(cell, yes, no));
            }
        }
        return found;
    }

    private static Declaration Of(Question question, Answers answers) =>
        new(question, answers.TryGet(question.Id, out var answer) ? answer : null);
}
