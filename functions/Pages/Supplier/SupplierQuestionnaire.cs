using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary>What the questionnaire page shows: one topic (or the "Review and submit" step), progress, and what the last form got back.</summary>
public sealed class SupplierQuestionnaireModel(string token, string lang, StoredAssessment stored, QuestionnaireTemplate template)
    : SupplierLinkModel(token, lang, stored, template)
{
    private IDictionary<string, string[]>? _missing;
    private IReadOnlyList<TopicProgress>? _progress;

    /// <summary>The version of the answers this page shows, as the API's ETag header spells it.</summary>
    public string CurrentETag => ETags.ForClient(Stored.ETag);

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
    public string? Alert { get; set; }

    /// <summary>"Saved at 14:05 (Europe/Paris time)" after a save or an upload.</summary>
    public string? Status { get; set; }

    /// <summary>After an invalid save, what the supplier sent (shown again so that nothing typed is lost).</summary>
    public IReadOnlyDictionary<string, string>? Posted { get; set; }

    public string? Value(Question question) =>
        Posted is not null && Posted.TryGetValue(question.Id, out var posted) ? posted : SupplierAnswers.FormValue(Assessment.Answers, question);

    /// <summary>The N/A justification shown: as posted after an invalid save, else as stored.</summary>
    public string? Justification(Question question) =>
        Posted is not null && Posted.TryGetValue(question.Id + ".na", out var posted) ? posted : SupplierAnswers.Justification(Assessment.Answers, question);

    public Topic? FindTopic(string? id) => Template.Topics.FirstOrDefault(t => t.Id == id);

    public Topic FirstUnfinished() => Progress.FirstOrDefault(p => !p.Complete)?.Topic ?? Template.Topics[0];

    /// <summary>Shows <paramref name="topic"/> with its neighbours, or the "Review and submit" step when null.</summary>
    public SupplierQuestionnaireModel Show(Topic? topic)
    {
        Topic = topic;
        if (topic is not null)
        {
            var index = Template.Topics.ToList().IndexOf(topic);
            PreviousTopic = index > 0 ? Template.Topics[index - 1] : null;
            NextTopic = index < Template.Topics.Count - 1 ? Template.Topics[index + 1] : null;
        }
        return this;
    }
}

/// <summary>
/// <c>/q/{token}</c>: the supplier answers one topic at a time, attaches evidence, then submits once. It does what
/// the questionnaire API does (same validation, ETag check, limits, queue message and audit entry), through forms
/// that work without JavaScript; questionnaire.js adds autosave through the API. The forms post to
/// <c>?handler=Save</c>, <c>?handler=Upload</c> and <c>?handler=Submit</c>; each success redirects (a reload repeats nothing).
/// </summary>
public sealed class SupplierQuestionnairePages(
    AssessmentStore assessments, EvidenceStore evidence, StageQueues queues, AuditTrail audit, TimeProvider time)
{
    private const string View = "Supplier/SupplierQuestionnaire";
    private const string StatusKey = "supplier-status";

    [Function(nameof(SupplierQuestionnaire))]
    [RequestBodyLimit(RequestLimits.MaxPageUpload, Handler = "save,upload")]
    [ShowsExpiredForm]
    public async Task<IActionResult> SupplierQuestionnaire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "q/{token}")] HttpRequest request, string token, CancellationToken ct)
    {
        var http = request.HttpContext;
        var opened = await OpenAsync(http, token, ct);
        if (opened.Page is not { } page)
        {
            return opened.Early!;
        }
        if (HttpMethods.IsPost(request.Method))
        {
            var form = await FormBody.ReadAsync(request, ct);
            if (FormCheck.Expired(http))
            {
                return Expired(http, page, form);
            }
            switch (request.Query["handler"].ToString().ToLowerInvariant())
            {
                case "save":
                    return await SaveAsync(http, page, form, upload: false, ct);
                case "upload":
                    return await SaveAsync(http, page, form, upload: true, ct);
                case "submit":
                    return await SubmitAsync(http, page, form, ct);
            }
        }
        var flash = PageView.TempData(http);
        // Kept in both languages: shown in the language of the page that shows it.
        page.Status = flash[StatusKey + "." + PageLanguage.Of(http)] as string;
        _ = flash[StatusKey + "." + (PageLanguage.Of(http) == "fr" ? "en" : "fr")];
        flash.Save();
        var query = request.Query;
        page.Show(query["step"] == "submit" ? null : page.FindTopic(query["topic"]) ?? page.FirstUnfinished());
        return PageView.Of(http, View, page);
    }

    /// <summary>
    /// The topic form, posted by Save, Save and continue or an evidence question's Upload (one form, so that an upload
    /// never drops the answers typed beside it): if the form's version is still the stored one, every valid answer is
    /// saved and every chosen evidence file attached, in one write. What cannot be kept (an invalid answer, a file too
    /// large, of the wrong type or one too many) is shown again next to its question, with what was typed still in
    /// the form; the valid rest is saved all the same (issue 12: one bad answer never throws away the others).
    /// </summary>
    private async Task<IActionResult> SaveAsync(HttpContext http, SupplierQuestionnaireModel page, IFormCollection form, bool upload, CancellationToken ct)
    {
        var template = page.Template;
        var shown = page.FindTopic(Field(http, form, "topic"))
            ?? (Field(http, form, "questionId") is { } asked && template.TryGetQuestion(asked, out var q) ? page.FindTopic(q.TopicId) : null)
            ?? template.Topics[0];
        var typed = Typed(shown, form);
        if (!IsCurrent(page, Field(http, form, "etag")))
        {
            return Stale(http, page, shown, typed);
        }
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var changes = AnswerValidation.Read(template, SupplierAnswers.FromForm(shown, form), errors);
        var assessment = page.Assessment;
        var wasInvited = assessment.State == AssessmentState.Invited;
        var files = new List<(Question Question, IFormFile File, EvidenceFile Evidence)>();
        foreach (var question in shown.Questions.Where(q => q.Kind == QuestionKind.Evidence))
        {
            if (form.Files.GetFiles(SupplierUrls.FileField(question)).Count > 1)
            {
                page.Errors[question.Id] = http.T("Choose one file at a time.", "Choisissez un fichier à la fois.");
                continue;
            }
            var file = form.Files.GetFile(SupplierUrls.FileField(question)) ?? (Field(http, form, "questionId") == question.Id ? form.Files.GetFile("file") : null);
            if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
            {
                continue; // no file chosen for this question
            }
            var fileName = Path.GetFileName(file.FileName);
            if ((EvidenceProblem(http, file, fileName, out var contentType) ?? LimitProblem(http, assessment, question, files.Count(f => f.Question == question))) is { } problem)
            {
                page.Errors[question.Id] = problem;
                continue;
            }
            files.Add((question, file, new EvidenceFile(Ids.New(), fileName, contentType, file.Length)));
        }
        if (upload && files.Count == 0 && page.Errors.Count == 0 && Field(http, form, "questionId") is { } pressed && template.TryGetQuestion(pressed, out var target))
        {
            page.Errors[target.Id] = http.T("Choose a file to attach.", "Choisissez un fichier à joindre.");
        }
        var changed = changes.Answered.Count + changes.Cleared.Count > 0 || files.Count > 0;
        var stored = new List<EvidenceFile>();
        var etag = page.Stored.ETag;
        if (changed)
        {
            try
            {
                assessment.SaveAnswers(changes);
                foreach (var (question, file, attached) in files)
                {
                    await using (var content = file.OpenReadStream())
                    {
                        await evidence.SaveAsync(assessment.ProcurementId, assessment.Id, attached.Id, content, attached.ContentType, attached.FileName, ct);
                    }
                    stored.Add(attached);
                    assessment.AttachEvidence(question.Id, attached);
                }
                etag = await assessments.SaveAsync(assessment, page.Stored.OwnerId, page.Stored.ETag, ct,
                    audit: wasInvited ? audit.Note(assessment.ProcurementId, "supplier", "answering started", assessment.Id) : null);
            }
            catch (Exception e)
            {
                // Nothing of this post is kept: neither are the files stored for it (no orphan blob).
                foreach (var orphan in stored)
                {
                    await evidence.DeleteAsync(assessment.ProcurementId, assessment.Id, orphan.Id);
                }
                switch (e)
                {
                    case WorkflowException:
                        return await ClosedAsync(http, page.Token, ct);
                    case StaleWriteException:
                        return await StaleAfterReloadAsync(http, page.Token, shown.Id, typed, ct);
                    case LimitExceededException or EntityTooLargeException:
                        var reopened = await OpenAsync(http, page.Token, ct);
                        if (reopened.Page is not { } again)
                        {
                            return reopened.Early!;
                        }
                        again.Posted = typed;
                        again.Alert = http.T("Nothing was saved: ", "Rien n'a été enregistré : ") + e.Message;
                        return PageView.Of(http, View, again.Show(shown), StatusCodes.Status409Conflict);
                    default:
                        throw;
                }
            }
        }
        var savedAt = PageDates.Time(time.GetUtcNow(), assessment.LinkTimeZone, page.Lang);
        if (errors.Count > 0 || page.Errors.Count > 0)
        {
            // The valid answers and files are saved; the page shows the rest as typed, each with its message.
            var after = new SupplierQuestionnaireModel(page.Token, page.Lang, page.Stored with { ETag = etag }, template) { Posted = typed };
            foreach (var (id, message) in page.Errors)
            {
                after.Errors[id] = message;
            }
            foreach (var (id, messages) in errors)
            {
                after.Errors[id] = template.TryGetQuestion(id, out var question)
                    ? SupplierAnswers.Localize(messages[0], question, page.Lang, typed.GetValueOrDefault(id), typed.GetValueOrDefault(id + ".na"))
                    : messages[0];
            }
            after.Alert = changed
                ? http.T($"The other answers and files were saved at {savedAt}; the ones marked below were not: correct them and save again.",
                    $"Les autres réponses et fichiers ont été enregistrés à {savedAt} ; ceux signalés ci-dessous ne l'ont pas été : corrigez-les et enregistrez à nouveau.")
                : http.T("Nothing was saved: the answers or files marked below are not valid.",
                    "Rien n'a été enregistré : les réponses ou fichiers signalés ci-dessous ne sont pas valides.");
            after.Status = changed ? http.T("Saved at ", "Enregistré à ") + savedAt : null;
            return PageView.Of(http, View, after.Show(shown), StatusCodes.Status400BadRequest);
        }
        var fileNames = string.Join(", ", stored.Select(f => f.FileName));
        Flash(http, stored.Count > 0
            ? new LocalizedText($"{fileNames} attached, answers saved at {savedAt}",
                $"{fileNames} {(stored.Count == 1 ? "joint" : "joints")}, réponses enregistrées à {savedAt}")
            : new LocalizedText($"Saved at {savedAt}", $"Enregistré à {savedAt}"));
        if (upload)
        {
            var anchor = Field(http, form, "questionId") is { } id && template.TryGetQuestion(id, out var uploaded) ? "#question-" + uploaded.Id : "";
            return new RedirectResult(SupplierUrls.Topic(page.Token, shown.Id) + anchor);
        }
        var next = !string.IsNullOrEmpty(Field(http, form, "next")) ? template.Topics.SkipWhile(t => t != shown).Skip(1).FirstOrDefault() : shown;
        return new RedirectResult(next is null ? SupplierUrls.SubmitStep(page.Token) : SupplierUrls.Topic(page.Token, next.Id));
    }

    /// <summary>
    /// The form's anti-forgery token or the browser's session expired (<see cref="FormCheck.Expired"/>): nothing is
    /// saved, the topic (or the submit step) is shown again with what was typed and a fresh token, so one more Save sends it (400).
    /// </summary>
    private static IActionResult Expired(HttpContext http, SupplierQuestionnaireModel page, IFormCollection form)
    {
        var topic = page.FindTopic(Field(http, form, "topic")); // null: the submit step's form
        page.Posted = topic is null ? null : Typed(topic, form);
        page.Alert = http.T("This form had expired, so nothing was saved, attached or sent. What you typed is kept below: send the form again (choose any file again).",
            "Ce formulaire avait expiré : rien n'a été enregistré, joint ni envoyé. Ce que vous avez saisi est gardé ci-dessous : renvoyez le formulaire (choisissez de nouveau les fichiers).");
        return PageView.Of(http, View, page.Show(topic), StatusCodes.Status400BadRequest);
    }

    /// <summary>What the supplier typed on the topic, by question id, as posted (shown again whenever the post is refused).</summary>
    private static Dictionary<string, string> Typed(Topic topic, IFormCollection form)
    {
        var typed = topic.Questions.Where(q => q.Kind != QuestionKind.Evidence && form.ContainsKey(q.Id))
            .ToDictionary(q => q.Id, q => AnswerValidation.NormalizeText(form[q.Id].ToString()), StringComparer.Ordinal);
        foreach (var q in topic.Questions.Where(q => q.AllowsNotApplicable && form.ContainsKey(q.Id + ".na")))
        {
            typed[q.Id + ".na"] = form[q.Id + ".na"].ToString(); // the N/A justification as typed
        }
        return typed;
    }

    /// <summary>One more file than <paramref name="question"/> may hold (<see cref="Assessment.MaxEvidenceFilesPerQuestion"/>), in the page's language.</summary>
    private static string? LimitProblem(HttpContext http, Assessment assessment, Question question, int alreadyInThisPost) =>
        assessment.EvidenceCount(question.Id) + alreadyInThisPost >= Assessment.MaxEvidenceFilesPerQuestion
            ? http.T($"This question already has {Assessment.MaxEvidenceFilesPerQuestion} evidence files, the most one question keeps: nothing was attached. Combine several documents into one PDF instead.",
                $"Cette question a déjà {Assessment.MaxEvidenceFilesPerQuestion} fichiers de preuve, le maximum pour une question : rien n'a été joint. Regroupez plutôt plusieurs documents dans un seul PDF.")
            : null;

    /// <summary>Submits once: the box ticked, the form's version current, every required question answered; then the receipt.</summary>
    private async Task<IActionResult> SubmitAsync(HttpContext http, SupplierQuestionnaireModel page, IFormCollection form, CancellationToken ct)
    {
        if (!IsCurrent(page, Field(http, form, "etag")))
        {
            return Stale(http, page, null);
        }
        if (Field(http, form, "confirm") != "true")
        {
            page.Errors["confirm"] = http.T("Tick the box to confirm that you want to submit.", "Cochez la case pour confirmer l'envoi.");
            page.Alert = http.T("Not submitted: ", "Rien n'a été envoyé : ") + page.Errors["confirm"];
            return PageView.Of(http, View, page.Show(null), StatusCodes.Status400BadRequest);
        }
        var assessment = page.Assessment;
        IDictionary<string, string[]> missing;
        try
        {
            missing = assessment.Submit(page.Template, time.GetUtcNow());
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(http, page.Token, ct);
        }
        if (missing.Count > 0)
        {
            var questions = PageTexts.Count(http, missing.Count, "required question still needs", "required questions still need",
                "question obligatoire attend", "questions obligatoires attendent");
            page.Alert = http.T($"Not submitted: {questions} an answer.", $"Rien n'a été envoyé : {questions} encore une réponse.");
            return PageView.Of(http, View, page.Show(null), StatusCodes.Status400BadRequest);
        }
        var scoring = queues.FollowUp(StageQueues.Submitted, new StageMessage(assessment.ProcurementId, assessment.Id));
        try
        {
            await assessments.SaveAsync(assessment, page.Stored.OwnerId, page.Stored.ETag, ct, followUp: scoring,
                audit: audit.Note(assessment.ProcurementId, "supplier", "submitted", assessment.Id));
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(http, page.Token, null, null, ct);
        }
        await queues.DispatchAsync(scoring, ct);
        return new RedirectResult(SupplierUrls.Receipt(page.Token));
    }

    /// <summary>
    /// Opens the link: a link that is not valid gets the plain 404 page, a submitted questionnaire its receipt;
    /// otherwise the page, still open for answers.
    /// </summary>
    private async Task<(SupplierQuestionnaireModel? Page, IActionResult? Early)> OpenAsync(HttpContext http, string token, CancellationToken ct)
    {
        if (await SupplierLinks.OpenAsync(http, token, assessments, time, ct) is not var (stored, template))
        {
            return (null, SupplierLinks.BadLinkPage(http));
        }
        if (SupplierUrls.IsSubmitted(stored.Assessment))
        {
            return (null, new RedirectResult(SupplierUrls.Receipt(token)));
        }
        return stored.Assessment.State.IsOpenForAnswers()
            ? (new SupplierQuestionnaireModel(token, PageLanguage.Of(http), stored, template), null)
            : (null, SupplierLinks.BadLinkPage(http));
    }

    /// <summary>The API's checks on an evidence file, in the page's language; null when the file is accepted.</summary>
    private static string? EvidenceProblem(HttpContext http, IFormFile? file, string fileName, out string contentType) =>
        QuestionnaireApi.EvidenceProblem(file, fileName, out contentType)?.Message.In(PageLanguage.Of(http));

    /// <summary>The form's ETag must be the stored version's (the API's If-Match rule): no save silently wins.</summary>
    private static bool IsCurrent(SupplierQuestionnaireModel page, string? etag) =>
        !string.IsNullOrWhiteSpace(etag) && ETags.Matches(etag, page.Stored.ETag);

    /// <summary>
    /// The form was made from an older version (409): nothing is saved, the page shows the latest version with what
    /// the supplier typed still in the form (<paramref name="typed"/>), and next to each question whose saved answer
    /// now differs, what was saved elsewhere. The form carries the latest version, so saving again keeps what is typed:
    /// a deliberate choice, never a silent win.
    /// </summary>
    private static IActionResult Stale(HttpContext http, SupplierQuestionnaireModel page, Topic? topic, IReadOnlyDictionary<string, string>? typed = null)
    {
        page.Posted = typed;
        foreach (var (id, value) in typed ?? new Dictionary<string, string>())
        {
            if (page.Template.TryGetQuestion(id, out var question) && SupplierAnswers.FormValue(page.Assessment.Answers, question) is { } saved && saved != value
                && SupplierAnswers.Readable(page.Template, page.Assessment.Answers, question, page.Lang) is { } now)
            {
                page.Errors[id] = http.T($"Saved elsewhere meanwhile as “{now}”. Your answer is kept here: save to keep it.",
                    $"Enregistrée ailleurs entre-temps : « {now} ». Votre réponse est gardée ici : enregistrez pour la conserver.");
            }
        }
        page.Alert = typed is { Count: > 0 }
            ? http.T("The questionnaire was changed elsewhere since you opened it. Nothing was saved or attached: your answers are kept below, with what was saved elsewhere next to each that differs. Check them, then save again (choose any file again).",
                "Le questionnaire a été modifié ailleurs depuis que vous l'avez ouvert. Rien n'a été enregistré ni joint : vos réponses sont gardées ci-dessous, avec ce qui a été enregistré ailleurs à côté de chacune qui diffère. Vérifiez-les, puis enregistrez à nouveau (choisissez de nouveau les fichiers).")
            : http.T("The questionnaire was changed elsewhere since you opened it. Nothing was saved: the latest answers are shown below.",
                "Le questionnaire a été modifié ailleurs depuis que vous l'avez ouvert. Rien n'a été enregistré : les dernières réponses sont affichées ci-dessous.");
        return PageView.Of(http, View, page.Show(topic), StatusCodes.Status409Conflict);
    }

    /// <summary>Someone saved between our read and our write: show what is stored now, with what was typed kept.</summary>
    private async Task<IActionResult> StaleAfterReloadAsync(HttpContext http, string token, string? topicId, IReadOnlyDictionary<string, string>? typed, CancellationToken ct)
    {
        var reopened = await OpenAsync(http, token, ct);
        return reopened.Page is { } page ? Stale(http, page, page.FindTopic(topicId), typed) : reopened.Early!;
    }

    /// <summary>The questionnaire closed meanwhile (submitted elsewhere): the receipt, or the plain page.</summary>
    private Task<IActionResult> ClosedAsync(HttpContext http, string token, CancellationToken ct) => StaleAfterReloadAsync(http, token, null, null, ct);

    /// <summary>A posted field, else the query's (as Razor Pages bound a handler's parameters: blank is null).</summary>
    private static string? Field(HttpContext http, IFormCollection form, string name) =>
        form.ContainsKey(name) ? PageView.Field(form, name) : http.Request.Query[name].ToString() is var query && !string.IsNullOrWhiteSpace(query) ? query : null;

    /// <summary>"Saved at 14:05 (Europe/Paris time)", shown once on the page the redirect leads to.</summary>
    private static void Flash(HttpContext http, LocalizedText status)
    {
        var flash = PageView.TempData(http);
        flash[StatusKey + ".en"] = status.En;
        flash[StatusKey + ".fr"] = status.Fr;
        flash.Save();
    }
}
