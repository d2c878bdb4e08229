using System.Text.Json;

namespace SupplierAssessment.Domain.Questionnaires;

/// <summary>A supplier's answer to one question.</summary>
public abstract record Answer
{
    public abstract QuestionKind Kind { get; }
}

/// <summary>0 not done · 1 done informally · 2 planned and tracked · 3 standard defined process · 4 measured · 5 continuously improved.</summary>
public sealed record ScaleAnswer(int Level) : Answer
{
    public override QuestionKind Kind => QuestionKind.Scale;
}

public sealed record ChoiceAnswer(string OptionId) : Answer
{
    public override QuestionKind Kind => QuestionKind.Choice;
}

public sealed record TextAnswer(string Text) : Answer
{
    public override QuestionKind Kind => QuestionKind.Text;
}

/// <summary>
/// "Not applicable", with the supplier's justification (DESIGN §2.2 rule 9): only for a question whose template admits
/// it (<see cref="Question.AllowsNotApplicable"/>). <see cref="Kind"/> is the kind of the question it answers.
/// </summary>
public sealed record NotApplicableAnswer(QuestionKind QuestionKind, string Justification) : Answer
{
    /// <summary>The longest justification accepted, in characters.</summary>
    public const int MaxJustificationLength = 2000;

    public override QuestionKind Kind => QuestionKind;
}

/// <summary>A file the supplier attached as evidence; the content lives in blob storage under <see cref="Id"/>.</summary>
public sealed record EvidenceFile(string Id, string FileName, string ContentType, long Size);

public sealed record EvidenceAnswer(IReadOnlyList<EvidenceFile> Files) : Answer
{
    public override QuestionKind Kind => QuestionKind.Evidence;
}

/// <summary>A supplier's answers to a questionnaire, by question id.</summary>
public sealed class Answers
{
    private readonly Dictionary<string, Answer> _byQuestion;

    public Answers(IEnumerable<KeyValuePair<string, Answer>>? answers = null) =>
        _byQuestion = new Dictionary<string, Answer>(answers ?? [], StringComparer.Ordinal);

    public static Answers None { get; } = new();

    public int Count => _byQuestion.Count;

    public IReadOnlyDictionary<string, Answer> ByQuestion => _byQuestion;

    public bool TryGet(string questionId, out Answer answer) => _byQuestion.TryGetValue(questionId, out answer!);

    /// <summary>These answers with the given ones replacing or adding to them, and cleared ones removed.</summary>
    public Answers With(IEnumerable<KeyValuePair<string, Answer>> changed, IEnumerable<string>? cleared = null)
    {
        var merged = new Dictionary<string, Answer>(_byQuestion, StringComparer.Ordinal);
        foreach (var (id, answer) in changed)
        {
            merged[id] = answer;
        }
        foreach (var id in cleared ?? [])
        {
            merged.Remove(id);
        }
        return new Answers(merged);
    }
}

/// <summary>What a save sends: new answers by question id, and questions whose answer is cleared (sent as null).</summary>
public sealed record AnswerChanges(IReadOnlyDictionary<string, Answer> Answered, IReadOnlyList<string> Cleared);

/// <summary>
/// Checks answers against their template. Every error is keyed by the question id it concerns, so that a form or
/// a problem+json response can put the message beside the question.
/// </summary>
public static class AnswerValidation
{
    /// <summary>
    /// Reads a save's JSON values: a number 0..5 for scale, an option id for choice, a string for text,
    /// <c>{ "notApplicable": "justification" }</c> where the question admits N/A (DESIGN §2.2 rule 9), null to clear.
    /// Evidence is attached by upload, never by a save.
    /// </summary>
    public static AnswerChanges Read(
        QuestionnaireTemplate template, IReadOnlyDictionary<string, JsonElement> values, IDictionary<string, string[]> errors)
    {
        var answered = new Dictionary<string, Answer>(StringComparer.Ordinal);
        var cleared = new List<string>();
        foreach (var (id, value) in values)
        {
            if (!template.TryGetQuestion(id, out var question))
            {
                errors[id] = [$"'{id}' is not a question of questionnaire {template.Key}."];
                continue;
            }
            if (value.ValueKind == JsonValueKind.Null)
            {
                cleared.Add(id);
                continue;
            }
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (ReadNotApplicable(question, value, out var notApplicable) is { } refused)
                {
                    errors[id] = [refused];
                }
                else
                {
                    answered[id] = notApplicable!;
                }
                continue;
            }
            if (ReadOne(question, value) is { } problem)
            {
                errors[id] = [problem];
                continue;
            }
            answered[id] = question.Kind switch
            {
                QuestionKind.Scale => new ScaleAnswer(value.GetInt32()),
                QuestionKind.Choice => new ChoiceAnswer(value.GetString()!),
                _ => new TextAnswer(NormalizeText(value.GetString()!)),
            };
        }
        return new AnswerChanges(answered, cleared);
    }

    /// <summary>
    /// A text answer as it is counted and stored: every line break one LF. A browser counts a line break as one
    /// character against a textarea's maxlength but sends it as CRLF (HTML form encoding), so "\r\n" and a lone
    /// "\r" become "\n" before the length is checked: 80 lines of 49 characters are 4000 characters, not 4080.
    /// </summary>
    public static string NormalizeText(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>The problem with a "not applicable" claim, or null and the answer when the question admits it and it is justified.</summary>
    private static string? ReadNotApplicable(Question question, JsonElement value, out NotApplicableAnswer? answer)
    {
        answer = null;
        if (!question.AllowsNotApplicable)
        {
            return NotApplicableNotAdmitted;
        }
        // Exactly one property: anything else sent with the claim would be silently lost.
        if (!value.TryGetProperty("notApplicable", out var justification) || justification.ValueKind != JsonValueKind.String
            || value.EnumerateObject().Count() != 1)
        {
            return NotApplicableShape;
        }
        var text = NormalizeJustification(justification.GetString()!);
        if (JustificationProblem(text) is { } problem)
        {
            return problem;
        }
        answer = new NotApplicableAnswer(question.Kind, text);
        return null;
    }

    /// <summary>The refusal of typed text holding a control character other than a line break or a tab.</summary>
    public const string ControlCharacters =
        "The text holds control characters (such as NUL or escape) that cannot be shown: remove them. Line breaks and tabs are fine.";

    /// <summary><see cref="ControlCharacters"/> in both languages.</summary>
    public static LocalizedText ControlCharactersText { get; } = new(ControlCharacters,
        "Le texte contient des caractères de contrôle (comme NUL ou Échap) qui ne peuvent pas s'afficher : retirez-les. Les sauts de ligne et les tabulations sont acceptés.");

    /// <summary>
    /// Whether typed text holds a control character (Unicode Cc: C0, DEL, C1) other than a line break or a tab: nothing a
    /// keyboard types, and shown nowhere (found by a fresh user's trial: NUL and ESC reached the report). Text-direction
    /// marks are kept in answers, where right-to-left writing may need them (names refuse them: <see cref="Names"/>).
    /// </summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>The refusal of an N/A answer object that is not exactly <c>{ "notApplicable": "…" }</c>.</summary>
    public const string NotApplicableShape =
        "Send exactly { \"notApplicable\": \"why it does not apply\" } to answer \"not applicable\", with no other property.";

    /// <summary>The refusal of "not applicable" on a question whose template does not admit it.</summary>
    public const string NotApplicableNotAdmitted = "This question cannot be answered \"not applicable\".";

    /// <summary>The refusal of a blank justification.</summary>
    public const string JustificationMissing = "Say why this question does not apply to you: a \"not applicable\" answer needs a justification.";

    /// <summary>A justification as it is counted and stored: trimmed, every line break one LF (as <see cref="NormalizeText"/>).</summary>
    public static string NormalizeJustification(string justification) => NormalizeText(justification).Trim();

    /// <summary>What is wrong with an N/A justification: blank or too long (line breaks counting one); null when it is fine.</summary>
    public static string? JustificationProblem(string? justification) =>
        string.IsNullOrWhiteSpace(justification) ? JustificationMissing
        : HasControlCharacters(justification) ? ControlCharacters
        : NormalizeJustification(justification).Length > NotApplicableAnswer.MaxJustificationLength
            ? $"The justification is {NormalizeJustification(justification).Length} characters long; at most {NotApplicableAnswer.MaxJustificationLength} are accepted."
        : null;

    /// <summary>The problem with one value, or null when it fits the question.</summary>
    private static string? ReadOne(Question question, JsonElement value) => question.Kind switch
    {
        QuestionKind.Scale when value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var level) =>
            "This question takes a whole number from 0 to 5.",
        QuestionKind.Scale when value.GetInt32() is < 0 or > QuestionnaireTemplate.ScaleMax =>
            $"{value.GetInt32()} is out of range: choose from 0 to 5.",
        QuestionKind.Choice when value.ValueKind != JsonValueKind.String =>
            "This question takes one of its options.",
        QuestionKind.Choice when question.Option(value.GetString()!) is null =>
            $"'{value.GetString()}' is not one of this question's options ({string.Join(", ", question.Options.Select(o => o.Id))}).",
        QuestionKind.Text when value.ValueKind != JsonValueKind.String =>
            "This question takes text.",
        QuestionKind.Text when HasControlCharacters(value.GetString()!) => ControlCharacters,
        QuestionKind.Text when NormalizeText(value.GetString()!).Length > question.MaxLength =>
            $"The answer is {NormalizeText(value.GetString()!).Length} characters long; at most {question.MaxLength} are accepted.",
        QuestionKind.Evidence =>
            "Evidence is attached by uploading a file, not typed in.",
        _ => null,
    };

    /// <summary>Checks answers already in domain form (e.g. read back from storage) against the template.</summary>
    public static IDictionary<string, string[]> Check(QuestionnaireTemplate template, Answers answers)
    {
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (id, answer) in answers.ByQuestion)
        {
            if (!template.TryGetQuestion(id, out var question))
            {
                errors[id] = [$"'{id}' is not a question of questionnaire {template.Key}."];
            }
            else if (answer is NotApplicableAnswer notApplicable)
            {
                if (!question.AllowsNotApplicable)
                {
                    errors[id] = [NotApplicableNotAdmitted];
                }
                else if (JustificationProblem(notApplicable.Justification) is { } problem)
                {
                    errors[id] = [problem];
                }
            }
            else if (answer.Kind != question.Kind)
            {
                errors[id] = [$"A {question.Kind.ToString().ToLowerInvariant()} question cannot take a {answer.Kind.ToString().ToLowerInvariant()} answer."];
            }
            else if (answer is ScaleAnswer { Level: < 0 or > QuestionnaireTemplate.ScaleMax } scale)
            {
                errors[id] = [$"{scale.Level} is out of range: choose from 0 to 5."];
            }
            else if (answer is ChoiceAnswer choice && question.Option(choice.OptionId) is null)
            {
                errors[id] = [$"'{choice.OptionId}' is not one of this question's options."];
            }
            else if (answer is TextAnswer text && text.Text.Length > question.MaxLength)
            {
                errors[id] = [$"The answer is {text.Text.Length} characters long; at most {question.MaxLength} are accepted."];
            }
        }
        return errors;
    }

    /// <summary>Submit is final: every required question must be answered (and evidence attached where required).</summary>
    public static IDictionary<string, string[]> CheckComplete(QuestionnaireTemplate template, Answers answers)
    {
        var errors = Check(template, answers);
        foreach (var question in template.Questions.Where(q => q.Required))
        {
            var answered = answers.TryGet(question.Id, out var answer) && answer switch
            {
                TextAnswer text => !string.IsNullOrWhiteSpace(text.Text),
                EvidenceAnswer evidence => evidence.Files.Count > 0,
                _ => true,
            };
            if (!answered)
            {
                errors.TryAdd(question.Id, [question.Kind == QuestionKind.Evidence
                    ? "This question needs at least one evidence file before you submit."
                    : "This question needs an answer before you submit."]);
            }
        }
        return errors;
    }
}
