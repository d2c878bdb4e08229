using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary>
/// What the supplier's pages (questionnaire and receipt) share: the personal link's token, opened as the questionnaire
/// API opens it, with the assessment read behind it, its template and the page's language.
/// </summary>
public abstract class SupplierLinkModel(string token, string lang, StoredAssessment stored, QuestionnaireTemplate template)
{
    public string Token { get; } = token;
    public string Lang { get; } = lang;
    public QuestionnaireTemplate Template { get; } = template;

    /// <summary>The assessment behind the token, with the ETag it was read with.</summary>
    public StoredAssessment Stored { get; } = stored;

    public Assessment Assessment => Stored.Assessment;

    public IReadOnlyList<EvidenceFile> Files(Question question) => SupplierAnswers.Files(Assessment.Answers, question);
}

/// <summary>Opening a supplier's personal link, and the plain page for a link that is not valid.</summary>
public static class SupplierLinks
{
    /// <summary>Reads the assessment behind <paramref name="token"/> (never cached by the browser); null when the link is not valid.</summary>
    public static async Task<(StoredAssessment Stored, QuestionnaireTemplate Template)?> OpenAsync(
        HttpContext http, string token, AssessmentStore assessments, TimeProvider time, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var opened = await QuestionnaireApi.OpenAsync(token, assessments, time, ct);
        if (opened is var (stored, _))
        {
            // The supplier's own language (kept with the invitation) before the browser's: a receipt opened in a new
            // browser, or after a redirect without ?lang, is in the language the supplier was invited in.
            PageLanguage.Prefer(http, stored.Assessment.SupplierLanguage);
        }
        return opened;
    }

    /// <summary>Wrong, expired or revoked link: the plain 404 page, with no hint whether the link ever existed (Problems.BadLink).</summary>
    public static IActionResult BadLinkPage(HttpContext http) => ErrorPages.NotFound(http,
        http.T("It may have expired or been replaced by a newer one. Ask the project manager who invited you to send a new link.",
            "Il a peut-être expiré ou été remplacé par un lien plus récent. Demandez au chef de projet qui vous a invité de vous envoyer un nouveau lien."),
        http.T("This questionnaire link is not valid.", "Ce lien vers le questionnaire n'est pas valide."));
}

/// <summary>One topic's share of the required questions answered, for the navigation.</summary>
public sealed record TopicProgress(Topic Topic, int Answered, int Required)
{
    public bool Complete => Answered >= Required;
}

/// <summary>What the question partial needs: the page (answers, errors, language) and the question it shows.</summary>
public sealed record QuestionField(SupplierQuestionnaireModel Page, Question Question)
{
    public string Id => "q-" + Question.Id;
    public string ErrorId => Id + "-error";
    public string? Error => Page.Errors.GetValueOrDefault(Question.Id);
}

/// <summary>The supplier's answers as the pages read them: what counts as answered, and how an answer reads back.</summary>
public static class SupplierAnswers
{
    /// <summary>Per topic, the required questions answered as submit sees them: those not in <paramref name="missing"/> (AnswerValidation.CheckComplete).</summary>
    public static IReadOnlyList<TopicProgress> Progress(QuestionnaireTemplate template, IDictionary<string, string[]> missing) =>
        template.Topics.Select(t => new TopicProgress(t,
            t.Questions.Count(q => q.Required && !missing.ContainsKey(q.Id)),
            t.Questions.Count(q => q.Required))).ToArray();

    /// <summary>The stored answer as the form shows it: the scale level, the option id or the text.</summary>
    public static string? FormValue(Answers answers, Question question) =>
        answers.TryGet(question.Id, out var answer) ? answer switch
        {
            ScaleAnswer scale => scale.Level.ToString(CultureInfo.InvariantCulture),
            ChoiceAnswer choice => choice.OptionId,
            TextAnswer text => text.Text,
            NotApplicableAnswer => "NA",
            _ => null,
        } : null;

    /// <summary>The justification of a stored N/A answer (null when the answer is not N/A).</summary>
    public static string? Justification(Answers answers, Question question) =>
        answers.TryGet(question.Id, out var answer) && answer is NotApplicableAnswer na ? na.Justification : null;

    public static IReadOnlyList<EvidenceFile> Files(Answers answers, Question question) =>
        answers.TryGet(question.Id, out var answer) && answer is EvidenceAnswer evidence ? evidence.Files : [];

    /// <summary>The answer in words, for the receipt: the scale label, the option label or the text (null: not answered).</summary>
    public static string? Readable(QuestionnaireTemplate template, Answers answers, Question question, string lang) =>
        answers.TryGet(question.Id, out var answer) ? answer switch
        {
            ScaleAnswer scale when scale.Level >= 0 && scale.Level < template.ScaleLabels.Count => template.ScaleLabels[scale.Level].In(lang),
            ChoiceAnswer choice => question.Option(choice.OptionId)?.Label.In(lang) ?? choice.OptionId,
            TextAnswer text when !string.IsNullOrWhiteSpace(text.Text) => text.Text,
            NotApplicableAnswer na => PageLanguage.Pick(lang, "Not applicable: ", "Sans objet : ") + na.Justification,
            _ => null,
        } : null;

    /// <summary>
    /// The answers form of one topic, as the JSON values AnswerValidation.Read takes: scale → number (anything not a
    /// whole number stays a string so that validation names it), choice and text → string, empty → null (clears).
    /// A radio group nobody picked is absent from the form and left unchanged.
    /// </summary>
    public static Dictionary<string, JsonElement> FromForm(Topic topic, IFormCollection form)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var question in topic.Questions.Where(q => q.Kind != QuestionKind.Evidence))
        {
            if (!form.TryGetValue(question.Id, out var posted))
            {
                continue;
            }
            var text = posted.ToString();
            if (text == "NA" && ClaimsNotApplicable(question))
            {
                // "Not applicable", with the justification typed beside it (DESIGN §2.2 rule 9); validation refuses the
                // claim, by its name, on a question that does not admit it.
                values[question.Id] = JsonSerializer.SerializeToElement(new { notApplicable = form[question.Id + ".na"].ToString() });
                continue;
            }
            values[question.Id] = string.IsNullOrWhiteSpace(text)
                ? JsonSerializer.SerializeToElement<object?>(null)
                : question.Kind == QuestionKind.Scale && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                    ? JsonSerializer.SerializeToElement(level)
                    : JsonSerializer.SerializeToElement(text);
        }
        return values;
    }

    /// <summary>
    /// "NA" posted for a question is the "not applicable" choice, except as a text answer (where it is text) or an
    /// option of a choice question that has one with that id.
    /// </summary>
    private static bool ClaimsNotApplicable(Question question) => question.AllowsNotApplicable
        || question.Kind == QuestionKind.Scale
        || (question.Kind == QuestionKind.Choice && question.Option("NA") is null);

    /// <summary>
    /// The domain's English message, or its French wording for the cases a form can meet. The "not applicable" refusals
    /// come first: they concern scale and choice questions too. <paramref name="justification"/> is the N/A
    /// justification as typed (its length is the one the message counts).
    /// </summary>
    public static string Localize(string message, Question question, string lang, string? posted = null, string? justification = null)
    {
        if (lang != "fr")
        {
            return message;
        }
        return message switch
        {
            AnswerValidation.NotApplicableNotAdmitted => "Cette question ne peut pas recevoir la réponse « sans objet ».",
            AnswerValidation.JustificationMissing =>
                "Dites pourquoi cette question ne vous concerne pas : une réponse « sans objet » doit être justifiée.",
            AnswerValidation.ControlCharacters => AnswerValidation.ControlCharactersText.Fr,
            AnswerValidation.NotApplicableShape =>
                "Envoyez exactement { \"notApplicable\": \"pourquoi cela ne s'applique pas\" } pour répondre « sans objet », sans autre propriété.",
            _ when message.StartsWith("The justification is ", StringComparison.Ordinal) =>
                $"La justification fait {AnswerValidation.NormalizeJustification(justification ?? "").Length} caractères ; {NotApplicableAnswer.MaxJustificationLength} au plus sont acceptés.",
            _ => LocalizeAnswer(message, question, posted),
        };
    }

    /// <summary>The French wording of a refused scale, choice, text or evidence answer, or of a missing one.</summary>
    private static string LocalizeAnswer(string message, Question question, string? posted) => question.Kind switch
    {
        QuestionKind.Evidence when message.Contains("evidence file", StringComparison.Ordinal) =>
            "Joignez au moins un fichier de preuve avant l'envoi.",
        _ when message.Contains("before you submit", StringComparison.Ordinal) => "Cette question doit recevoir une réponse avant l'envoi.",
        QuestionKind.Scale => "Cette question attend un nombre entier de 0 à 5.",
        QuestionKind.Choice => "Choisissez l'une des options de cette question.",
        QuestionKind.Text when posted is not null && AnswerValidation.NormalizeText(posted).Length > question.MaxLength =>
            $"La réponse fait {AnswerValidation.NormalizeText(posted).Length} caractères ; {question.MaxLength} au plus sont acceptés.",
        _ => message,
    };
}

/// <summary>A supplier page's dates and times, in the procurement's zone and the page's language.</summary>
public static class PageDates
{
    /// <summary>
    /// The calendar day of <paramref name="at"/> in <paramref name="timeZone"/> (the procurement's zone, which the supplier's
    /// due date is told in; UTC when it is unknown), in words as <see cref="Typography.Date(DateOnly, string)"/> writes it.
    /// </summary>
    public static string Day(DateTimeOffset at, string lang, string timeZone) =>
        Typography.Date(DateOnly.FromDateTime(InZone(at, timeZone)), lang);

    /// <summary>"14:05 (Europe/Paris time)": the time in the procurement's zone, named, as the due date is.</summary>
    public static string Time(DateTimeOffset at, string timeZone, string lang)
    {
        var zone = AnswerDeadline.TryFindZone(timeZone)?.Id ?? "UTC";
        return InZone(at, timeZone).ToString("HH:mm", CultureInfo.InvariantCulture)
            + (lang == "fr" ? $" (fuseau horaire {zone})" : $" ({zone} time)");
    }

    private static DateTime InZone(DateTimeOffset at, string timeZone) =>
        AnswerDeadline.TryFindZone(timeZone) is { } zone ? TimeZoneInfo.ConvertTime(at, zone).DateTime : at.UtcDateTime;

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The supplier's page addresses, built in one place.</summary>
public static class SupplierUrls
{
    public static string Questionnaire(string token) => "/q/" + Uri.EscapeDataString(token);

    public static string Topic(string token, string topicId) => Questionnaire(token) + "?topic=" + Uri.EscapeDataString(topicId);

    public static string SubmitStep(string token) => Questionnaire(token) + "?step=submit";

    public static string Receipt(string token) => Questionnaire(token) + "/receipt";

    public static string Api(string token) => "/api/questionnaires/" + Uri.EscapeDataString(token);

    /// <summary>The topic form's file field of an evidence question ("file-" + its id): each question its own, in one form.</summary>
    public static string FileField(Question question) => "file-" + question.Id;

    /// <summary>The state a supplier's link lands on: still answering, or done (submitted and beyond).</summary>
    public static bool IsSubmitted(Assessment assessment) => !assessment.State.IsOpenForAnswers() && assessment.SubmittedAt is not null;
}
