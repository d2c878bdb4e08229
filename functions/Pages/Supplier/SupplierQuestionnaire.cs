using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
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
    public string? Alert { get; set; }

    /// <summary>"Saved at 14:05 UTC" after a save or an upload.</summary>
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
    [RequestBodyLimit(RequestLimits.MaxEvidenceUpload, Handler = "upload")]
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
            switch (request.Query["handler"].ToString().ToLowerInvariant())
            {
                case "save":
                    return await SaveAsync(http, page, form, ct);
                case "upload":
                    return await UploadAsync(http, page, form, ct);
                case "submit":
                    return await SubmitAsync(http, page, form, ct);
            }
        }
        var flash = PageView.TempData(http);
        page.Status = flash[StatusKey] as string;
        flash.Save();
        var query = request.Query;
        page.Show(query["step"] == "submit" ? null : page.FindTopic(query["topic"]) ?? page.FirstUnfinished());
        return PageView.Of(http, View, page);
    }

    /// <summary>Saves the shown topic's answers, if the form's version is still the stored one and every answer is valid.</summary>
    private async Task<IActionResult> SaveAsync(HttpContext http, SupplierQuestionnaireModel page, IFormCollection form, CancellationToken ct)
    {
        var template = page.Template;
        var shown = page.FindTopic(Field(http, form, "topic")) ?? template.Topics[0];
        if (!IsCurrent(page, Field(http, form, "etag")))
        {
            return Stale(http, page, shown);
        }
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var changes = AnswerValidation.Read(template, SupplierAnswers.FromForm(shown, form), errors);
        if (errors.Count > 0)
        {
            var posted = shown.Questions.Where(q => form.ContainsKey(q.Id)).ToDictionary(q => q.Id, q => form[q.Id].ToString(), StringComparer.Ordinal);
            foreach (var q in shown.Questions.Where(q => q.AllowsNotApplicable && form.ContainsKey(q.Id + ".na")))
            {
                posted[q.Id + ".na"] = form[q.Id + ".na"].ToString(); // the N/A justification as typed
            }
            page.Posted = posted;
            foreach (var (id, messages) in errors)
            {
                page.Errors[id] = template.TryGetQuestion(id, out var question)
                    ? SupplierAnswers.Localize(messages[0], question, page.Lang, posted.GetValueOrDefault(id))
                    : messages[0];
            }
            page.Alert = http.T("Nothing was saved: some answers are not valid.", "Rien n'a été enregistré : certaines réponses ne sont pas valides.");
            return PageView.Of(http, View, page.Show(shown), StatusCodes.Status400BadRequest);
        }
        var assessment = page.Assessment;
        var wasInvited = assessment.State == AssessmentState.Invited;
        try
        {
            assessment.SaveAnswers(changes);
            await assessments.SaveAsync(assessment, page.Stored.OwnerId, page.Stored.ETag, ct);
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(http, page.Token, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(http, page.Token, shown.Id, ct);
        }
        if (wasInvited)
        {
            await audit.RecordAsync(assessment.ProcurementId, "supplier", "answering started", assessment.Id, cancellationToken: ct);
        }
        Flash(http, http.T("Saved at ", "Enregistré à ") + PageDates.Time(time.GetUtcNow()));
        var after = !string.IsNullOrEmpty(Field(http, form, "next")) ? template.Topics.SkipWhile(t => t != shown).Skip(1).FirstOrDefault() : shown;
        return new RedirectResult(after is null ? SupplierUrls.SubmitStep(page.Token) : SupplierUrls.Topic(page.Token, after.Id));
    }

    /// <summary>Attaches one evidence file to an evidence question, with the API's checks on size, name and type.</summary>
    private async Task<IActionResult> UploadAsync(HttpContext http, SupplierQuestionnaireModel page, IFormCollection form, CancellationToken ct)
    {
        var questionId = Field(http, form, "questionId");
        if (questionId is null || !page.Template.TryGetQuestion(questionId, out var question) || question.Kind != QuestionKind.Evidence)
        {
            page.Alert = http.T("Nothing was attached: this is not an evidence question of this questionnaire.",
                "Rien n'a été joint : cette question n'attend pas de fichier.");
            return PageView.Of(http, View, page.Show(page.FirstUnfinished()), StatusCodes.Status400BadRequest);
        }
        var file = form.Files.GetFile("file");
        var fileName = Path.GetFileName(file?.FileName ?? "");
        var problem = EvidenceProblem(http, file, fileName, out var contentType);
        var topic = page.Template.Topics.First(t => t.Id == question.TopicId);
        if (problem is not null)
        {
            page.Errors[question.Id] = problem;
            page.Alert = http.T("Nothing was attached: ", "Rien n'a été joint : ") + problem;
            return PageView.Of(http, View, page.Show(topic), StatusCodes.Status400BadRequest);
        }
        var accepted = file!;
        var assessment = page.Assessment;
        var fileId = Ids.New();
        await using (var content = accepted.OpenReadStream())
        {
            await evidence.SaveAsync(assessment.ProcurementId, assessment.Id, fileId, content, contentType, fileName, ct);
        }
        try
        {
            assessment.AttachEvidence(question.Id, new EvidenceFile(fileId, fileName, contentType, accepted.Length));
            await assessments.SaveAsync(assessment, page.Stored.OwnerId, page.Stored.ETag, ct);
        }
        catch (WorkflowException)
        {
            return await ClosedAsync(http, page.Token, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(http, page.Token, topic.Id, ct);
        }
        Flash(http, http.T($"{fileName} attached at ", $"{fileName} joint à ") + PageDates.Time(time.GetUtcNow()));
        return new RedirectResult(SupplierUrls.Topic(page.Token, topic.Id) + "#question-" + question.Id);
    }

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
            page.Alert = http.T($"Not submitted: {missing.Count} required question(s) still need an answer.",
                $"Rien n'a été envoyé : {missing.Count} question(s) obligatoire(s) attendent encore une réponse.");
            return PageView.Of(http, View, page.Show(null), StatusCodes.Status400BadRequest);
        }
        try
        {
            await assessments.SaveAsync(assessment, page.Stored.OwnerId, page.Stored.ETag, ct);
        }
        catch (StaleWriteException)
        {
            return await StaleAfterReloadAsync(http, page.Token, null, ct);
        }
        await queues.SendAsync(StageQueues.Submitted, new StageMessage(assessment.ProcurementId, assessment.Id), ct);
        await audit.RecordAsync(assessment.ProcurementId, "supplier", "submitted", assessment.Id, cancellationToken: ct);
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
    private static string? EvidenceProblem(HttpContext http, IFormFile? file, string fileName, out string contentType)
    {
        contentType = "";
        const long megabytes = QuestionnaireApi.MaxEvidenceBytes / 1024 / 1024;
        if (file is null || file.Length == 0)
        {
            return http.T("Choose a file to attach.", "Choisissez un fichier à joindre.");
        }
        if (file.Length > QuestionnaireApi.MaxEvidenceBytes)
        {
            return http.T($"The file is larger than the {megabytes} MB accepted.", $"Le fichier dépasse les {megabytes} Mo acceptés.");
        }
        if (fileName.Length is 0 or > 200 || !QuestionnaireApi.EvidenceTypes.TryGetValue(Path.GetExtension(fileName), out var type))
        {
            var types = string.Join(", ", QuestionnaireApi.EvidenceTypes.Keys);
            return http.T($"Attach a document or an image: {types}.", $"Joignez un document ou une image : {types}.");
        }
        contentType = type;
        return null;
    }

    /// <summary>The form's ETag must be the stored version's (the API's If-Match rule): no save silently wins.</summary>
    private static bool IsCurrent(SupplierQuestionnaireModel page, string? etag) =>
        !string.IsNullOrWhiteSpace(etag) && QuestionnaireApi.ForClient(new ETag(etag.Trim())) == page.CurrentETag;

    /// <summary>The page again with what is stored now, and why nothing was saved (409: the form was made from an older version).</summary>
    private static IActionResult Stale(HttpContext http, SupplierQuestionnaireModel page, Topic? topic)
    {
        page.Alert = http.T(
            "The questionnaire was changed elsewhere since you opened it. Nothing was saved: the latest answers are shown below; make your changes again, then save.",
            "Le questionnaire a été modifié ailleurs depuis que vous l'avez ouvert. Rien n'a été enregistré : les dernières réponses sont affichées ci-dessous ; refaites vos modifications, puis enregistrez.");
        return PageView.Of(http, View, page.Show(topic), StatusCodes.Status409Conflict);
    }

    /// <summary>Someone saved between our read and our write: show what is stored now.</summary>
    private async Task<IActionResult> StaleAfterReloadAsync(HttpContext http, string token, string? topicId, CancellationToken ct)
    {
        var reopened = await OpenAsync(http, token, ct);
        return reopened.Page is { } page ? Stale(http, page, page.FindTopic(topicId)) : reopened.Early!;
    }

    /// <summary>The questionnaire closed meanwhile (submitted elsewhere): the receipt, or the plain page.</summary>
    private Task<IActionResult> ClosedAsync(HttpContext http, string token, CancellationToken ct) => StaleAfterReloadAsync(http, token, null, ct);

    /// <summary>A posted field, else the query's (as Razor Pages bound a handler's parameters: blank is null).</summary>
    private static string? Field(HttpContext http, IFormCollection form, string name) =>
        form.ContainsKey(name) ? PageView.Field(form, name) : http.Request.Query[name].ToString() is var query && !string.IsNullOrWhiteSpace(query) ? query : null;

    /// <summary>"Saved at 14:05 UTC", shown once on the page the redirect leads to.</summary>
    private static void Flash(HttpContext http, string status)
    {
        var flash = PageView.TempData(http);
        flash[StatusKey] = status;
        flash.Save();
    }
}
