using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Questionnaires;

/// <summary>
/// From answers to ratings (DESIGN §2.5): a cell's percentage is the weighted mean of the answered questions that map to
/// it; N/A answers are left out of the mean, and a cell whose answers are all N/A is not applicable (DESIGN §2.2 rule 9).
/// </summary>
public static class Scoring
{
    /// <summary>
    /// Rates the 264 cells. Scale answer k gives 100 % to the common features of levels ≤ k of each mapped PA and
    /// 0 % above; a choice gives its option's percentage to the question's cells. A cell no answered question maps
    /// to is not covered. A cell whose answered questions all say "not applicable" is not applicable; a cell with other
    /// answers is rated from those alone (DESIGN §2.2 rule 9). Answers are assumed checked against the template; one that
    /// does not fit is ignored.
    /// </summary>
    public static RatingGrid Rate(QuestionnaireTemplate template, Answers answers)
    {
        Span<double> weighted = stackalloc double[Cell.Count];
        Span<double> weights = stackalloc double[Cell.Count];
        Span<bool> claimedNotApplicable = stackalloc bool[Cell.Count];
        weighted.Clear();
        weights.Clear();
        claimedNotApplicable.Clear();
        foreach (var question in template.ScoredQuestions)
        {
            if (!answers.TryGet(question.Id, out var answer))
            {
                continue;
            }
            var weight = question.Weight;
            var cells = question.CellIndexes;
            switch (answer)
            {
                case NotApplicableAnswer when question.AllowsNotApplicable:
                    foreach (var cell in cells)
                    {
                        claimedNotApplicable[cell] = true;
                    }
                    break;
                case ScaleAnswer { Level: >= 0 and <= QuestionnaireTemplate.ScaleMax } scale when question.Kind == QuestionKind.Scale:
                    var levels = question.CellLevels;
                    for (var i = 0; i < cells.Length; i++)
                    {
                        weighted[cells[i]] += levels[i] <= scale.Level ? weight * 100 : 0;
                        weights[cells[i]] += weight;
                    }
                    break;
                case ChoiceAnswer choice when question.Option(choice.OptionId) is { } option:
                    foreach (var cell in cells)
                    {
                        weighted[cell] += weight * option.Percent;
                        weights[cell] += weight;
                    }
                    break;
            }
        }
        var percents = new double[Cell.Count];
        for (var i = 0; i < percents.Length; i++)
        {
            percents[i] = weights[i] > 0 ? Math.Clamp(weighted[i] / weights[i], 0, 100)
                : claimedNotApplicable[i] ? RatingGrid.NotApplicableMark
                : double.NaN;
        }
        return RatingGrid.FromPercents(percents);
    }
}
