using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Questionnaires;

public enum QuestionKind
{
    /// <summary>How the practice is carried out, 0..5: answer k rates every CF of levels ≤ k of each mapped PA 100 %, 0 % above.</summary>
    Scale,
    /// <summary>One option; its percentage rates the question's cells, with the question's weight.</summary>
    Choice,
    /// <summary>Free text for the expert; unscored.</summary>
    Text,
    /// <summary>Files for the expert; unscored.</summary>
    Evidence,
}

public sealed record ChoiceOption(string Id, LocalizedText Label, double Percent);

/// <summary>One question of a template, with the cells it feeds worked out once.</summary>
public sealed class Question
{
    private readonly ChoiceOption[] _options;

    internal Question(
        string id, string topicId, QuestionKind kind, bool required, double weight, LocalizedText text, LocalizedText help,
        IReadOnlyList<ProcessAreaId> processAreas, IReadOnlyList<Cell> cells, IReadOnlyList<ChoiceOption> options, int maxLength,
        bool allowsNotApplicable = false)
    {
        AllowsNotApplicable = allowsNotApplicable;
        Id = id;
        TopicId = topicId;
        Kind = kind;
        Required = required;
        Weight = weight;
        Text = text;
        Help = help;
        ProcessAreas = processAreas;
        Cells = cells;
        _options = [.. options];
        MaxLength = maxLength;
        CellIndexes = cells.Select(c => c.Index).ToArray();
        CellLevels = cells.Select(c => c.Level).ToArray();
    }

    public string Id { get; }
    public string TopicId { get; }
    public QuestionKind Kind { get; }
    public bool Required { get; }
    public double Weight { get; }
    public LocalizedText Text { get; }

    /// <summary>What a good answer looks like; what the expert checks on site.</summary>
    public LocalizedText Help { get; }

    /// <summary>Scale: the PAs it rates. Text and evidence: the PAs it informs.</summary>
    public IReadOnlyList<ProcessAreaId> ProcessAreas { get; }

    /// <summary>The cells this question feeds (none for text and evidence), in grid order.</summary>
    public IReadOnlyList<Cell> Cells { get; }

    public IReadOnlyList<ChoiceOption> Options => _options;

    /// <summary>Text questions: the longest answer accepted.</summary>
    public int MaxLength { get; }

    public bool IsScored => Kind is QuestionKind.Scale or QuestionKind.Choice;

    /// <summary>
    /// Whether the supplier may answer "not applicable", with a justification (template field <c>notApplicable</c>;
    /// DESIGN §2.2 rule 9): e.g. a question about subcontractors, for a supplier that has none.
    /// </summary>
    public bool AllowsNotApplicable { get; }

    internal int[] CellIndexes { get; }
    internal int[] CellLevels { get; }

    public ChoiceOption? Option(string optionId)
    {
        foreach (var option in _options)
        {
            if (string.Equals(option.Id, optionId, StringComparison.Ordinal))
            {
                return option;
            }
        }
        return null;
    }
}

public sealed record Topic(string Id, LocalizedText Title, LocalizedText? Description, IReadOnlyList<Question> Questions);

/// <summary>
/// A versioned questionnaire (DESIGN §2.5): topics in the CELAR order, questions mapped to cells.
/// A submitted assessment keeps the template version it was answered with.
/// </summary>
public sealed class QuestionnaireTemplate
{
    public const int ScaleMax = 5;

    private readonly Dictionary<string, Question> _questions;

    internal QuestionnaireTemplate(
        string id, int version, LocalizedText title, LocalizedText? description, IReadOnlyList<LocalizedText> scaleLabels, IReadOnlyList<Topic> topics)
    {
        Id = id;
        Version = version;
        Title = title;
        Description = description;
        ScaleLabels = scaleLabels;
        Topics = topics;
        Questions = topics.SelectMany(t => t.Questions).ToArray();
        ScoredQuestions = Questions.Where(q => q.IsScored).ToArray();
        _questions = Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
    }

    public string Id { get; }
    public int Version { get; }

    /// <summary>"celar-hosting@1": the id and version, as an assessment pins it.</summary>
    public string Key => $"{Id}@{Version}";

    public LocalizedText Title { get; }
    public LocalizedText? Description { get; }

    /// <summary>Labels of the scale answers 0..5.</summary>
    public IReadOnlyList<LocalizedText> ScaleLabels { get; }

    public IReadOnlyList<Topic> Topics { get; }

    /// <summary>All questions, topic by topic.</summary>
    public IReadOnlyList<Question> Questions { get; }

    public IReadOnlyList<Question> ScoredQuestions { get; }

    public bool TryGetQuestion(string id, out Question question) => _questions.TryGetValue(id, out question!);

    /// <summary>Which questions feed a cell (for the coverage table and the expert's view).</summary>
    public IEnumerable<Question> QuestionsCovering(Cell cell) => ScoredQuestions.Where(q => q.Cells.Contains(cell));
}
