using Azure;
using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary>
/// <c>/q/{token}</c>: the supplier answers one topic at a time, attaches evidence, then submits once. It does what
/// the questionnaire API does (same validation, ETag check, limits, queue message and audit entry), through forms
/// that work without JavaScript; questionnaire.js adds autosave through the API.
/// </summary>
[EvidenceUploadLimit]
public sealed class SupplierQuestionnaireModel(
    AssessmentStore assessments, EvidenceStore evidence, StageQueues queues, AuditTrail audit, TimeProvider time)
    : SupplierPageModel(assessments, time)
{
    private const string StatusKey = "supplier-status";

    private IDictionary<string, string[]>? _missing;
    private IReadOnlyList<TopicProgress>? _progress;

    /// <summary>The version of the answers this page shows, as the API's ETag header spells it.</summary>
    public string CurrentETag => QuestionnaireApi.ForClient(Stored.ETag);

    /// <summary>The required questions still open (or invalid), by question id: what submit would refuse now.</summary>
    public IDictionary<string, string[]> Missing => _missing ??= AnswerValidation.CheckComplete(Template, Assessment.Answers);

    public IReadOnlyList<TopicProgress> Progress => _progress ??= SupplierAnswers.Progress(Template, Missing);

    public int AnsweredRequired => Progress.Sum(p => p.Answered);
    public int TotalRequired => Progress.Sum(p => p.Required);
    public int ProgressPercent => Assessment.ProgressPercent(Template);

    /// <summary>The topic shown; null on the "Review and submit" step.</summary>
    public Topic? Topic { get; private set; }
    public Topic? PreviousTopic { get; private set; }
    public Topic? NextTopic { get; private set; }

    /// <summary>Messages beside their question (or "confirm"), already in the page's language.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A problem for the whole form ("Nothing was saved: …"), shown at the top as an alert.</summary>
    public string? Alert { get; private set; }

    /// <summary>"Saved at 14:05 UTC" after a save or an upload.</summary>
    public string? Status { get; private set; }

    /// <summary>After an invalid save, what the supplier sent (shown again so that nothing typed is lost).</summary>
    private Dictionary<string, string>? _posted;

    public string? Value(Question question) =>
        _posted is not null && _posted.TryGetValue(question.Id, out var posted) ? posted : SupplierAnswers.FormValue(Assessment.Answers, question);

    public async Task<IActionResult> OnGetAsync(string token, string? topic, string? step, CancellationToken ct)
    {
        if (await OpenAsync(token, ct) is { } early)
        {
            return early;
        }
        Status = TempData[StatusKey] as string;
        Show(step == "submit" ? null : FindTopic(topic) ?? FirstUnfinished());
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string token, string? topic, string? etag, string? next, CancellationToken ct)
    {
        if (await OpenAsync(token, ct) is { } early)
        {
            return early;
        }
        var shown = FindTopic(topic) ?? Template.Topics[0];
        if (!IsCurrent(etag))
        {
            return Stale(shown);
        }
        var form = await Request.ReadFormAsync(ct);
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var changes = AnswerValidation.Read(Template, SupplierAnswers.FromForm(shown, form), errors);
        if (errors.Count > 0)
        {
            _posted = shown.Questions.Where(q => form.ContainsKey(q.Id)).ToDictionary(q => q.Id, q => form[q.Id].ToString(), StringComparer.Ordinal);
            foreach (var (id, messages) in errors)
            {
                Errors[id] = Template.TryGetQuestion(id, out var question)
                    ? SupplierAnswers.Localize(messages[0], question, Lang, _posted.GetValueOrDefault(id))
                    : messages[0];
            }
            Alert = HttpContext.T("Nothing was saved: some answers are not valid.", "Rien n'a été enregistré : certaines réponses ne sont pas valides.");
            Show(shown);
            return Page();
        }
        var wasInvited = Assessment.State == AssessmentState.Invited;
        try
        {
            Assessment.SaveAnswers(changes);
            await Assessments.SaveAsync(Assessment, Stored.OwnerId, Stored.ETag, ct);
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(token, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(token, shown, ct);
        }
        if (wasInvited)
        {
            await audit.RecordAsync(Assessment.ProcurementId, "supplier", "answering started", Assessment.Id, cancellationToken: ct);
        }
        TempData[StatusKey] = HttpContext.T("Saved at ", "Enregistré à ") + PageDates.Time(Time.GetUtcNow());
        var after = next is null ? shown : Template.Topics.SkipWhile(t => t != shown).Skip(1).FirstOrDefault();
        return Redirect(after is null ? SupplierUrls.SubmitStep(Token) : SupplierUrls.Topic(Token, after.Id));
    }

    public async Task<IActionResult> OnPostUploadAsync(string token, string? questionId, IFormFile? file, CancellationToken ct)
    {
        if (await OpenAsync(token, ct) is { } early)
        {
            return early;
        }
        if (questionId is null || !Template.TryGetQuestion(questionId, out var question) || question.Kind != QuestionKind.Evidence)
        {
            Alert = HttpContext.T("Nothing was attached: this is not an evidence question of this questionnaire.",
                "Rien n'a été joint : cette question n'attend pas de fichier.");
            Show(FirstUnfinished());
            return Page();
        }
        var fileName = Path.GetFileName(file?.FileName ?? "");
        var problem = EvidenceProblem(file, fileName, out var contentType);
        var topic = Template.Topics.First(t => t.Id == question.TopicId);
        if (problem is not null)
        {
            Errors[question.Id] = problem;
            Alert = HttpContext.T("Nothing was attached: ", "Rien n'a été joint : ") + problem;
            Show(topic);
            return Page();
        }
        var accepted = file!;
        var fileId = Ids.New();
        await using (var content = accepted.OpenReadStream())
        {
            await evidence.SaveAsync(Assessment.ProcurementId, Assessment.Id, fileId, content, contentType, fileName, ct);
        }
        try
        {
            Assessment.AttachEvidence(question.Id, new EvidenceFile(fileId, fileName, contentType, accepted.Length));
            await Assessments.SaveAsync(Assessment, Stored.OwnerId, Stored.ETag, ct);
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(token, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(token, topic, ct);
        }
        TempData[StatusKey] = HttpContext.T($"{fileName} attached at ", $"{fileName} joint à ") + PageDates.Time(Time.GetUtcNow());
        return Redirect(SupplierUrls.Topic(Token, topic.Id) + "#question-" + question.Id);
    }

    public async Task<IActionResult> OnPostSubmitAsync(string token, string? etag, string? confirm, CancellationToken ct)
    {
        if (await OpenAsync(token, ct) is { } early)
        {
            return early;
        }
        if (!IsCurrent(etag))
        {
            return Stale(null);
        }
        if (confirm != "true")
        {
            Errors["confirm"] = HttpContext.T("Tick the box to confirm that you want to submit.", "Cochez la case pour confirmer l'envoi.");
            Alert = HttpContext.T("Not submitted: ", "Rien n'a été envoyé : ") + Errors["confirm"];
            Show(null);
            return Page();
        }
        IDictionary<string, string[]> missing;
        try
        {
            missing = Assessment.Submit(Template, Time.GetUtcNow());
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(token, ct);
        }
        if (missing.Count > 0)
        {
            Alert = HttpContext.T($"Not submitted: {missing.Count} required question(s) still need an answer.",
                $"Rien n'a été envoyé : {missing.Count} question(s) obligatoire(s) attendent encore une réponse.");
            Show(null);
            return Page();
        }
        try
        {
            await Assessments.SaveAsync(Assessment, Stored.OwnerId, Stored.ETag, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(token, null, ct);
        }
        await queues.SendAsync(StageQueues.Submitted, new StageMessage(Assessment.ProcurementId, Assessment.Id), ct);
        await audit.RecordAsync(Assessment.ProcurementId, "supplier", "submitted", Assessment.Id, cancellationToken: ct);
        return Redirect(SupplierUrls.Receipt(Token));
    }

    /// <summary>The API's checks on an evidence file, in the page's language; null when the file is accepted.</summary>
    private string? EvidenceProblem(IFormFile? file, string fileName, out string contentType)
    {
        contentType = "";
        const long megabytes = QuestionnaireApi.MaxEvidenceBytes / 1024 / 1024;
        if (file is null || file.Length == 0)
        {
            return HttpContext.T("Choose a file to attach.", "Choisissez un fichier à joindre.");
        }
        if (file.Length > QuestionnaireApi.MaxEvidenceBytes)
        {
            return HttpContext.T($"The file is larger than the {megabytes} MB accepted.", $"Le fichier dépasse les {megabytes} Mo acceptés.");
        }
        if (fileName.Length is 0 or > 200 || !QuestionnaireApi.EvidenceTypes.TryGetValue(Path.GetExtension(fileName), out var type))
        {
            var types = string.Join(", ", QuestionnaireApi.EvidenceTypes.Keys);
            return HttpContext.T($"Attach a document or an image: {types}.", $"Joignez un document ou une image : {types}.");
        }
        contentType = type;
        return null;
    }

    /// <summary>Opens the link: a link that is not valid gets the plain 404 page, a submitted questionnaire its receipt.</summary>
    private async Task<IActionResult?> OpenAsync(string token, CancellationToken ct)
    {
        (_missing, _progress) = (null, null);
        if (!await OpenLinkAsync(token, ct))
        {
            return BadLinkPage();
        }
        if (SupplierUrls.IsSubmitted(Assessment))
        {
            return Redirect(SupplierUrls.Receipt(token));
        }
        return Assessment.State.IsOpenForAnswers() ? null : BadLinkPage();
    }

    /// <summary>The form's ETag must be the stored version's (the API's If-Match rule): no save silently wins.</summary>
    private bool IsCurrent(string? etag) =>
        !string.IsNullOrWhiteSpace(etag) && QuestionnaireApi.ForClient(new ETag(etag.Trim())) == CurrentETag;

    private IActionResult Stale(Topic? topic)
    {
        Alert = HttpContext.T(
            "The questionnaire was changed elsewhere since you opened it. Nothing was saved: the latest answers are shown below; make your changes again, then save.",
            "Le questionnaire a été modifié ailleurs depuis que vous l'avez ouvert. Rien n'a été enregistré : les dernières réponses sont affichées ci-dessous ; refaites vos modifications, puis enregistrez.");
        Show(topic);
        return Page();
    }

    /// <summary>Someone saved between our read and our write: show what is stored now.</summary>
    private async Task<IActionResult> StaleAfterReloadAsync(string token, Topic? topic, CancellationToken ct) =>
        await OpenAsync(token, ct) ?? Stale(topic);

    /// <summary>The questionnaire closed meanwhile (submitted elsewhere): the receipt, or the plain page.</summary>
    private async Task<IActionResult> ClosedAsync(string token, CancellationToken ct) =>
        await OpenAsync(token, ct) ?? Stale(null);

    private Topic? FindTopic(string? id) => Template.Topics.FirstOrDefault(t => t.Id == id);

    private Topic FirstUnfinished() => Progress.FirstOrDefault(p => !p.Complete)?.Topic ?? Template.Topics[0];

    private void Show(Topic? topic)
    {
        Topic = topic;
        if (topic is null)
        {
            return;
        }
        var index = Template.Topics.ToList().IndexOf(topic);
        PreviousTopic = index > 0 ? Template.Topics[index - 1] : null;
        NextTopic = index < Template.Topics.Count - 1 ? Template.Topics[index + 1] : null;
    }
}
