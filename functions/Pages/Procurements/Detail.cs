using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>One supplier as the project manager follows it: what the API shows, its report versions, what can be done.</summary>
public sealed record SupplierRow(Assessment Assessment, AssessmentView View, IReadOnlyList<ReportVersionInfo> Reports)
{
    /// <summary>A new link can be sent while the questionnaire is open or after it expired (as <see cref="Assessment.RenewLink"/> allows).</summary>
    public bool CanResend => Assessment.State.IsOpenForAnswers() || Assessment.State == AssessmentState.Expired;

    public bool CanRevoke => CanResend && !Assessment.LinkRevoked;

    /// <summary>"Remind now": the questionnaire is open and its link live (as <see cref="SupplierActions.RemindAsync"/> requires).</summary>
    public bool CanRemind(DateTimeOffset now) => Assessment.CanBeReminded(now);

    /// <summary>Any supplier not yet withdrawn can be.</summary>
    public bool CanWithdraw => Assessment.State != AssessmentState.Withdrawn;
}

/// <summary>What the procurement page shows: the procurement, its suppliers and ranking, the last action's outcome, and a form's errors.</summary>
public sealed class ProcurementModel(Procurement procurement, ConfidenceProfile profile, IReadOnlyList<SupplierRow> suppliers, IReadOnlyList<RankingEntry> ranking)
{
    public Procurement Procurement { get; } = procurement;

    public ConfidenceProfile Profile { get; } = profile;

    public IReadOnlyList<SupplierRow> Suppliers { get; } = suppliers;

    /// <summary>Scored bidders by missing points at the active alert level (ties by name), then the ones still waiting.</summary>
    public IReadOnlyList<RankingEntry> Ranking { get; } = ranking;

    /// <summary>The bidders side by side per process area, in the ranking's order (<see cref="BidderComparison.Of"/>), computed once when shown.</summary>
    public BidderComparison Comparison => field ??= BidderComparison.Of(Procurement, Profile, Suppliers.Select(s => s.Assessment));

    /// <summary>The outcome of the last action, shown once after the redirect.</summary>
    public string? Notice { get; set; }

    public bool NoticeIsProblem { get; set; }

    /// <summary>Messages by field: alertLevel, language, supplierName, supplierEmail, supplierLanguage, and expertId:{assessmentId}.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>How many audit entries the page shows, the newest; the API (<c>GET …/audit</c>) gives them all.</summary>
    public const int AuditShown = 200;

    /// <summary>
    /// The procurement's audit trail, newest first (who, when, what): <see cref="AuditShown"/> entries at most, plus one
    /// when there are more; every entry when the page was asked for the whole trail (<see cref="WholeAudit"/>).
    /// </summary>
    public IReadOnlyList<AuditEntry> Audit { get; init; } = [];

    /// <summary>The page was asked for the whole audit trail (<c>?audit=all</c>), not the newest <see cref="AuditShown"/>.</summary>
    public bool WholeAudit { get; init; }

    /// <summary>When the page was made: which suppliers can still be reminded.</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>
    /// The procurement's version when the page was made, posted back by the alert-level and due-date forms: a form sent
    /// from a stale tab changes nothing (a third fresh-user trial moved a due date back from one).
    /// </summary>
    public string? Version { get; init; }

    /// <summary>The due date as typed, when the form comes back with an error.</summary>
    public string? AnswersDue { get; set; }

    /// <summary>The due date's time zone as typed, when the form comes back with an error.</summary>
    public string? DueTimeZone { get; set; }

    /// <summary>The invitation form as typed, when it comes back with errors.</summary>
    public string? SupplierName { get; set; }

    public string? SupplierEmail { get; set; }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The configured security experts, the choices of each assignment form (<see cref="ExpertDirectory"/>).</summary>
    public IReadOnlyList<Expert> Experts { get; set; } = [];

    /// <summary>The expert id posted with an assignment that came back with an error, by assessment id: kept as sent.</summary>
    public Dictionary<string, string> ExpertPosted { get; } = new(StringComparer.Ordinal);

    /// <summary>Suppliers assessed before: confirmed earlier assessments and candidates to decide on (<c>_History.cshtml</c>).</summary>
    public IReadOnlyList<SupplierHistoryView> History { get; set; } = [];
}

/// <summary>
/// <c>/procurements/{procurementId}</c>: a procurement — its profile and alert level, the invited suppliers and their
/// reports, the bidders' ranking, its audit trail — and the project manager's actions on it, posted to
/// <c>?handler=AlertLevel</c>, <c>Invite</c>, <c>Resend</c>, <c>Remind</c>, <c>Revoke</c>, <c>Withdraw</c>, <c>DueDate</c> and <c>Assign</c>. Each action does what its endpoint in
/// <see cref="ProcurementsApi"/> or <see cref="ReviewApi"/> does (same rules, audit entries, queue messages and
/// emails), then comes back here with its outcome shown once; a form with errors comes back with them beside its fields.
/// </summary>
public sealed partial class ProcurementPages(
    ProcurementStore procurements, AssessmentStore assessments, ReportStore reports, SupplierActions suppliers,
    AuditTrail audit, AlertLevelChange alertLevelChange, TimeProvider time, ExpertDirectory experts, ReviewerAssignment assignment,
    EarlierAssessments history, SupplierMail mail)
{
    private const string View = "Procurements/Detail";
    private const string NoticeKey = "Notice";
    private const string NoticeIsProblemKey = "NoticeIsProblem";

    [Function(nameof(ProcurementPage))]
    [RequireRole(Roles.ProjectManager)]
    [ShowsExpiredForm]
    public async Task<IActionResult> ProcurementPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "procurements/{procurementId}")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (HttpMethods.IsPost(request.Method))
        {
            var form = await FormBody.ReadAsync(request, ct);
            if (FormCheck.Expired(http))
            {
                // An expired form from this site: shown again with what was typed, and nothing done.
                return await RedisplayAsync(http, procurementId, page =>
                {
                    (page.SupplierName, page.SupplierEmail) = (PageView.Field(form, "supplierName"), PageView.Field(form, "supplierEmail"));
                    page.AnswersDue = PageView.Field(form, "answersDue");
                    page.Notice = http.T("This form had expired, so nothing was done. What you typed is kept below: send it again.", "Ce formulaire avait expiré : rien n'a été fait. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le.");
                    page.NoticeIsProblem = true;
                }, ct);
            }
            switch (request.Query["handler"].ToString().ToLowerInvariant())
            {
                case "alertlevel":
                    return await ChangeAlertLevelAsync(http, procurementId, PageView.Field(form, "alertLevel"), PageView.Field(form, "version"), ct);
                case "invite":
                    return await InviteAsync(http, procurementId, PageView.Field(form, "supplierName"), PageView.Field(form, "supplierEmail"),
                        PageView.Field(form, "supplierLanguage"), ct);
                case "language":
                    return await ChooseLanguageAsync(http, procurementId, PageView.Field(form, "language"), ct);
                case "resend":
                    return await ResendAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "revoke":
                    return await RevokeAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "remind":
                    return await RemindAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "withdraw":
                    return await WithdrawAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "duedate":
                    return await ChangeDueDateAsync(http, procurementId, PageView.Field(form, "answersDue"), PageView.Field(form, "timeZone"), PageView.Field(form, "version"), ct);
                case "assign":
                    return await AssignAsync(http, procurementId, PageView.Field(form, "assessmentId"), PageView.Field(form, "expertId"), ct);
                case "confirmearlier":
                    return await ConfirmEarlierAsync(http, procurementId, form, ct);
                case "dismissearlier":
                    return await DismissEarlierAsync(http, procurementId, form, ct);
                default:
                    // A form this page does not have (a hand-made or outdated post): said, not silently shown as done.
                    return await RedisplayAsync(http, procurementId, page =>
                    {
                        page.Notice = http.T("This page has no such form, so nothing was done.", "Cette page n'a pas ce formulaire : rien n'a été fait.");
                        page.NoticeIsProblem = true;
                    }, ct);
            }
        }
        if (await LoadAsync(http, procurementId, ct) is not { } page)
        {
            return Missing(http);
        }
        var flash = PageView.TempData(http);
        page.Notice = flash[NoticeKey + "." + PageLanguage.Of(http)] as string;
        _ = flash[NoticeKey + "." + (PageLanguage.Of(http) == "fr" ? "en" : "fr")]; // read, so that it goes too
        page.NoticeIsProblem = flash[NoticeIsProblemKey] is true;
        flash.Save();
        return PageView.Of(http, View, page);
    }

    private async Task<IActionResult> ChangeAlertLevelAsync(HttpContext http, string procurementId, string? alertLevel, string? version, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return Missing(http);
        }
        if (IsStaleCopy(procurement, version))
        {
            return await RedisplayAsync(http, procurementId, page => page.Errors["alertLevel"] = StaleCopy(http, T("The page now shows the current alert level: choose again.", "La page montre le niveau d'alerte actuel : choisissez à nouveau.")), ct);
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        if (alertLevel is null || !profile.HasAlertLevel(alertLevel))
        {
            var levels = string.Join(", ", profile.AlertLevels);
            return await RedisplayAsync(http, procurementId, page => page.Errors["alertLevel"] =
                http.T($"Choose one of the profile's alert levels: {levels}.", $"Choisissez un des niveaux d'alerte du profil : {levels}."), ct);
        }
        int recomputed, notRequested;
        try
        {
            (recomputed, notRequested) = await alertLevelChange.ApplyAsync(procurement, alertLevel, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return await RedisplayAsync(http, procurementId, page => page.Errors["alertLevel"] = http.T(
                "Someone changed this procurement at the same time; nothing was changed. The page now shows the current alert level: choose again.",
                "Quelqu'un a modifié cette consultation au même moment ; rien n'a été changé. La page montre le niveau d'alerte actuel : choisissez à nouveau."), ct);
        }
        var name = profile.AlertLevelName(alertLevel);
        var reportsText = recomputed switch
        {
            0 => T("No report needs recomputing.", "Aucun rapport à recalculer."),
            1 => T("1 report is being recomputed; the new version will be emailed to you.", "1 rapport est en cours de recalcul ; la nouvelle version vous sera envoyée par courriel."),
            _ => T($"{recomputed} reports are being recomputed; each new version will be emailed to you.", $"{recomputed} rapports sont en cours de recalcul ; chaque nouvelle version vous sera envoyée par courriel."),
        };
        if (notRequested > 0)
        {
            reportsText = notRequested == 1
                ? T(reportsText.En + $" 1 report could not be requested just now: it is kept and requested by itself within a few minutes (choose {name.En} again to request it at once).",
                    reportsText.Fr + $" 1 rapport n'a pas pu être demandé pour l'instant : la demande est conservée et partira d'elle-même d'ici quelques minutes (choisissez à nouveau {name.In("fr")} pour la faire partir tout de suite).")
                : T(reportsText.En + $" {notRequested} reports could not be requested just now: they are kept and requested by themselves within a few minutes (choose {name.En} again to request them at once).",
                    reportsText.Fr + $" {notRequested} rapports n'ont pas pu être demandés pour l'instant : les demandes sont conservées et partiront d'elles-mêmes d'ici quelques minutes (choisissez à nouveau {name.In("fr")} pour les faire partir tout de suite).");
        }
        return Done(http, procurement.Id, T($"The active alert level is now {name.En}. {reportsText.En}", $"Le niveau d'alerte actif est maintenant {name.In("fr")}. {reportsText.Fr}"));
    }

    /// <summary>The language of the project manager's report emails and attached PDFs ("en" or "fr").</summary>
    private async Task<IActionResult> ChooseLanguageAsync(HttpContext http, string procurementId, string? language, CancellationToken ct)
    {
        if (await procurements.FindAsync(http.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Missing(http);
        }
        if (language is null || !LocalizedText.Languages.Contains(language))
        {
            // As the API's 400: an unknown language is refused, never saved as English.
            return await RedisplayAsync(http, procurementId, page => page.Errors["language"] = UnknownLanguage(http), ct);
        }
        procurement.ChooseProjectManagerLanguage(language);
        await procurements.SaveAsync(procurement, ct, [audit.Note(procurement.Id, http.User.UserId(), "report language chosen", details: procurement.ProjectManagerLanguage)]);
        return Done(http, procurement.Id, T($"Your report emails now come in {PageTexts.LanguageName("en", procurement.ProjectManagerLanguage)}.",
            $"Vos courriels de rapport arrivent désormais en {PageTexts.LanguageName("fr", procurement.ProjectManagerLanguage)}."));
    }

    private async Task<IActionResult> InviteAsync(
        HttpContext http, string procurementId, string? supplierName, string? supplierEmail, string? supplierLanguage, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return Missing(http);
        }
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = supplierName?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["supplierName"] = http.T("Give the supplier's name (1 to 200 characters).", "Indiquez le nom du fournisseur (1 à 200 caractères).");
        }
        else if (!Names.IsShowable(name))
        {
            errors["supplierName"] = Names.HiddenCharacters.In(PageLanguage.Of(http));
        }
        if (ProcurementsApi.EmailProblem(supplierEmail, ProcurementsApi.SupplierEmailMissing) is { } emailProblem)
        {
            errors["supplierEmail"] = emailProblem.In(PageLanguage.Of(http));
        }
        if (supplierLanguage is not null && !LocalizedText.Languages.Contains(supplierLanguage))
        {
            errors["supplierLanguage"] = UnknownLanguage(http);
        }
        if (errors.Count > 0)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.SupplierName, page.SupplierEmail) = (supplierName, supplierEmail);
                foreach (var (field, message) in errors)
                {
                    page.Errors[field] = message;
                }
            }, ct);
        }
        Assessment assessment;
        EmailOutcome emailed;
        try
        {
            (assessment, emailed) = await suppliers.InviteAsync(procurement, name, supplierEmail!, supplierLanguage ?? procurement.ProjectManagerLanguage,
                http.User.UserId(), ct);
        }
        catch (AlreadyInvitedException e)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.SupplierName, page.SupplierEmail) = (supplierName, supplierEmail);
                page.Errors["supplierEmail"] = http.T(
                    $"{e.Existing.SupplierEmail} is already invited to this procurement (as {e.Existing.SupplierName}): nothing was sent. Use “Resend link” or “Remind now” in the table below, or withdraw it before inviting again.",
                    $"{e.Existing.SupplierEmail} est déjà invité à cette consultation (sous le nom {e.Existing.SupplierName}) : rien n'a été envoyé. Utilisez « Renvoyer le lien » ou « Relancer maintenant » dans le tableau ci-dessous, ou retirez-le avant de l'inviter à nouveau.");
            }, ct);
        }
        catch (WorkflowException)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.SupplierName, page.SupplierEmail) = (supplierName, supplierEmail);
                page.Errors["supplierEmail"] = DueDatePassed(http);
            }, ct);
        }
        return emailed == EmailOutcome.Sent
            ? Done(http, procurement.Id, T($"{assessment.SupplierName} is invited: the personal link was emailed to {assessment.SupplierEmail}.",
                $"{assessment.SupplierName} est invité : le lien personnel a été envoyé à {assessment.SupplierEmail}."))
            : Done(http, procurement.Id, T($"{assessment.SupplierName} is invited, but ", $"{assessment.SupplierName} est invité, mais ").Then(NotSent(emailed, assessment)), problem: true);
    }

    private async Task<IActionResult> ResendAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement || await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        var a = stored.Assessment;
        EmailOutcome emailed;
        try
        {
            emailed = await suppliers.ResendAsync(procurement, stored, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return Done(http, procurementId, Changed(a), problem: true);
        }
        catch (WorkflowException) when (a.State.IsOpenForAnswers() || a.State == AssessmentState.Expired)
        {
            return Done(http, procurementId, T(
                $"The answers were due on {Typography.Date(procurement.AnswersDue.Date, "en")}: extend the due date first, then resend the link of {a.SupplierName}.",
                $"Les réponses étaient attendues le {Typography.Date(procurement.AnswersDue.Date, "fr")} : reportez d'abord la date limite, puis renvoyez le lien {Typography.De(a.SupplierName)}."), problem: true);
        }
        catch (WorkflowException)
        {
            return Done(http, procurementId, T($"{a.SupplierName} has already submitted or was withdrawn: there is no link to resend.",
                $"{a.SupplierName} a déjà soumis ses réponses ou a été retiré : il n'y a pas de lien à renvoyer."), problem: true);
        }
        var due = Due(procurement);
        return emailed == EmailOutcome.Sent
            ? Done(http, procurementId, T($"A new link was emailed to {a.SupplierName} ({a.SupplierEmail}), valid until {due.En}; the previous link no longer works.",
                $"Un nouveau lien a été envoyé à {a.SupplierName} ({a.SupplierEmail}), valable jusqu'au {due.Fr} ; le lien précédent ne fonctionne plus."))
            : Done(http, procurementId, T($"A new link was made for {a.SupplierName}, but ", $"Un nouveau lien a été créé pour {a.SupplierName}, mais ").Then(NotSent(emailed, a)), problem: true);
    }

    private async Task<IActionResult> RemindAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement || await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        var a = stored.Assessment;
        EmailOutcome emailed;
        try
        {
            emailed = await suppliers.RemindAsync(procurement, stored, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return Done(http, procurementId, T($"{a.SupplierName} saved answers at the same moment: nothing was sent. Press “Remind now” again.",
                $"{a.SupplierName} a enregistré des réponses au même moment : rien n'a été envoyé. Appuyez à nouveau sur « Relancer maintenant »."), problem: true);
        }
        catch (WorkflowException)
        {
            return Done(http, procurementId, T($"{a.SupplierName} has no open questionnaire to be reminded of: nothing was sent.",
                $"{a.SupplierName} n'a pas de questionnaire ouvert à rappeler : rien n'a été envoyé."), problem: true);
        }
        return emailed == EmailOutcome.Sent
            ? Done(http, procurementId, T($"{a.SupplierName} was reminded at {a.SupplierEmail}, with their personal link.",
                $"{a.SupplierName} a été relancé à {a.SupplierEmail}, avec son lien personnel."))
            : Done(http, procurementId, T("The reminder is recorded, but ", "Le rappel est enregistré, mais ").Then(NotSent(emailed, a)), problem: true);
    }

    private async Task<IActionResult> WithdrawAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        try
        {
            await suppliers.WithdrawAsync(stored, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return Done(http, procurementId, Changed(stored.Assessment), problem: true);
        }
        var supplier = stored.Assessment.SupplierName;
        return Done(http, procurementId, T($"{supplier} is withdrawn from this procurement: their link no longer works and they leave the ranking.",
            $"{supplier} est retiré de cette consultation : son lien ne fonctionne plus et il quitte le classement."));
    }

    /// <summary>
    /// The due date moved (and its time zone, as <c>PUT …/answers-due</c> takes it: the one kept when left empty), with
    /// every open link; a date or zone that is not valid comes back next to its field, as typed.
    /// </summary>
    private async Task<IActionResult> ChangeDueDateAsync(HttpContext http, string procurementId, string? answersDue, string? timeZone, string? version, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return Missing(http);
        }
        if (IsStaleCopy(procurement, version))
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.AnswersDue, page.DueTimeZone) = (answersDue, timeZone);
                page.Errors["answersDue"] = StaleCopy(http, T("The page now shows the current due date; what you typed is kept: send it again if it still stands.",
                    "La page montre la date limite actuelle ; ce que vous avez saisi est gardé : renvoyez-le s'il tient toujours."));
            }, ct);
        }
        var zone = string.IsNullOrWhiteSpace(timeZone) ? procurement.AnswersDue.TimeZone : timeZone;
        var (due, problems) = AnswerDeadline.Read(answersDue, zone, time.GetUtcNow());
        if (string.IsNullOrWhiteSpace(answersDue))
        {
            problems = new Dictionary<string, LocalizedText>(problems) { ["answersDue"] = new("Give the new due date.", "Indiquez la nouvelle date limite.") };
        }
        if (problems.Count > 0)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.AnswersDue, page.DueTimeZone) = (answersDue, timeZone);
                foreach (var (field, problem) in problems)
                {
                    page.Errors[field] = problem.In(PageLanguage.Of(http));
                }
            }, ct);
        }
        int moved, notMoved, emailed;
        try
        {
            (moved, notMoved, emailed) = await suppliers.ChangeDueDateAsync(procurement, due!, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                (page.AnswersDue, page.DueTimeZone) = (answersDue, timeZone);
                page.Errors["answersDue"] = http.T("Someone changed this procurement at the same time; nothing was changed. Send the date again.",
                    "Quelqu'un a modifié cette consultation au même moment ; rien n'a été changé. Renvoyez la date.");
            }, ct);
        }
        var text = Due(procurement);
        var links = T(Typography.IsSingular(moved, "en") ? $"{moved} supplier link now works until then." : $"{moved} supplier links now work until then.",
            Typography.IsSingular(moved, "fr") ? $"{moved} lien fournisseur fonctionne désormais jusque-là." : $"{moved} liens fournisseurs fonctionnent désormais jusque-là.");
        if (emailed > 0)
        {
            links = T(links.En + (emailed == 1 ? " 1 supplier was emailed the new date." : $" {emailed} suppliers were emailed the new date."),
                links.Fr + (Typography.IsSingular(emailed, "fr") ? $" {emailed} fournisseur a reçu la nouvelle date par courriel." : $" {emailed} fournisseurs ont reçu la nouvelle date par courriel."));
        }
        if (notMoved > 0)
        {
            links = T(links.En + $" {notMoved} changed meanwhile and kept their old date: send the date again to move them.",
                links.Fr + $" {notMoved} ont changé entre-temps et gardent leur ancienne date : renvoyez la date pour les déplacer.");
        }
        return Done(http, procurementId, T($"Answers are now due by {text.En}. {links.En}", $"Les réponses sont désormais attendues au plus tard le {text.Fr}. {links.Fr}"),
            problem: notMoved > 0);
    }

    /// <summary>Why an email to the supplier did not go now, and what happens next (the end of a sentence).</summary>
    private static LocalizedText NotSent(EmailOutcome outcome, Assessment a) => outcome == EmailOutcome.Refused
        ? T($"the email service refused the address {a.SupplierEmail}: nothing will be sent to it. Check the address; withdraw the supplier and invite the right address.",
            $"le service de courriel a refusé l'adresse {a.SupplierEmail} : rien n'y sera envoyé. Vérifiez l'adresse ; retirez le fournisseur et invitez la bonne adresse.")
        : T($"the email to {a.SupplierEmail} could not be sent just now: it is sent again automatically within a few minutes.",
            $"le courriel à {a.SupplierEmail} n'a pas pu être envoyé à l'instant : il sera renvoyé automatiquement d'ici quelques minutes.");

    /// <summary>The procurement's due date with its zone, in both languages.</summary>
    private static LocalizedText Due(Procurement procurement) => T(
        Typography.DueDate(procurement.AnswersDue.Date, procurement.AnswersDue.TimeZone, "en"),
        Typography.DueDate(procurement.AnswersDue.Date, procurement.AnswersDue.TimeZone, "fr"));

    private static string DueDatePassed(HttpContext http) => http.T(
        "The answers' due date is past: extend the due date first (above), then invite.",
        "La date limite des réponses est passée : reportez-la d'abord (ci-dessus), puis invitez.");

    private async Task<IActionResult> RevokeAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        var supplier = stored.Assessment.SupplierName;
        try
        {
            await suppliers.RevokeAsync(stored, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return Done(http, procurementId, Changed(stored.Assessment), problem: true);
        }
        return Done(http, procurementId, T($"The link of {supplier} is revoked: it no longer opens the questionnaire. “Resend link” makes a new one.",
            $"Le lien {Typography.De(supplier)} est révoqué : il n'ouvre plus le questionnaire. « Renvoyer le lien » en crée un nouveau."));
    }

    private async Task<IActionResult> AssignAsync(HttpContext http, string procurementId, string? assessmentId, string? expertId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        if (string.IsNullOrWhiteSpace(expertId))
        {
            return await RedisplayAsync(http, procurementId, page => page.Errors["expertId:" + stored.Assessment.Id] =
                http.T("Name the security expert who will review this assessment.", "Indiquez l'expert sécurité qui revoit cette évaluation."), ct);
        }
        if (experts.Find(expertId) is null || await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return await RedisplayAsync(http, procurementId, page =>
            {
                page.Errors["expertId:" + stored.Assessment.Id] = ReviewerAssignment.UnknownExpert(PageLanguage.Of(http));
                page.ExpertPosted[stored.Assessment.Id] = expertId;
            }, ct);
        }
        Expert? expert;
        try
        {
            // The expert's emails speak the project manager's language (the API can name another).
            expert = await assignment.AssignAsync(stored, procurement.Name, expertId, procurement.ProjectManagerLanguage, http.User.UserId(), ct);
        }
        catch (StaleWriteException)
        {
            return Done(http, procurementId, Changed(stored.Assessment), problem: true);
        }
        catch (WorkflowException)
        {
            // A final review keeps its expert (Assessment.AssignReviewer): said next to the field, the choice kept.
            return await RedisplayAsync(http, procurementId, page =>
            {
                page.Errors["expertId:" + stored.Assessment.Id] = http.T(Assessment.ReviewIsFinal,
                    "La revue est finale : son expert ne peut plus être changé.");
                page.ExpertPosted[stored.Assessment.Id] = expertId;
            }, ct);
        }
        return Done(http, procurementId, T($"{expert!.Name} will review {stored.Assessment.SupplierName}; they were emailed the link to the review.",
            $"{expert!.Name} revoit {stored.Assessment.SupplierName} ; le lien de la revue lui a été envoyé par courriel."));
    }

    /// <summary>The procurement if it is this user's (the same point read the API makes).</summary>
    private Task<Procurement?> FindAsync(HttpContext http, string procurementId, CancellationToken ct) =>
        procurements.FindAsync(http.User.UserId(), procurementId, ct);

    /// <summary>An assessment of this user's procurement: its row names the procurement's owner, so one read is enough (as the API's revoke).</summary>
    private async Task<StoredAssessment?> FindAssessmentAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct) =>
        string.IsNullOrEmpty(assessmentId) || await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored || stored.OwnerId != http.User.UserId()
            ? null
            : stored;

    /// <summary>
    /// Saves the changed assessment over the version it was read as, with its audit entry; false when it changed
    /// meanwhile (nothing is saved, nothing audited).
    /// </summary>
    private async Task<bool> SavedAsync(StoredAssessment stored, AuditNote audited, CancellationToken ct)
    {
        try
        {
            await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct, audit: audited);
            return true;
        }
        catch (StaleWriteException)
        {
            return false;
        }
    }

    /// <summary>Whether a form was posted from a page made before the procurement's last change (no version posted: not stale).</summary>
    private bool IsStaleCopy(Procurement procurement, string? postedVersion) => ETags.IsStale(postedVersion, procurements.VersionOf(procurement));

    /// <summary>A form from a stale page: nothing changed, and what to do now (<paramref name="next"/>, the end of the message).</summary>
    private static string StaleCopy(HttpContext http, LocalizedText next) => http.T(
        "This procurement was changed since you loaded this page (in another tab, or by the API); nothing was changed. " + next.En,
        "Cette consultation a été modifiée depuis le chargement de cette page (dans un autre onglet, ou par l'API) ; rien n'a été changé. " + next.Fr);

    /// <summary>The page's query: this user's procurement with its suppliers, their report versions and the ranking; null when not found.</summary>
    private async Task<ProcurementModel?> LoadAsync(HttpContext http, string procurementId, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return null;
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        var stored = (await assessments.ListAsync(procurement.Id, ct)).OrderBy(s => s.Assessment.InvitedAt).ToArray();
        // What the page shows besides the suppliers' rows is read at once: the view waits for the slowest read, not the sum.
        var versionsRead = Task.WhenAll(stored.Select(s => ReportVersions.ListAsync(reports, s.Assessment, profile, ct)));
        var waitingRead = mail.WaitingAsync(procurement.Id, stored, ct);
        var wholeAudit = http.Request.Query["audit"] == "all";
        var auditRead = audit.ListAsync(procurement.Id, procurement.OwnerId, wholeAudit ? null : ProcurementModel.AuditShown + 1, ct);
        var historyRead = LoadHistoryAsync(procurement, profile, stored, ct);
        var (versions, waiting) = (await versionsRead, await waitingRead);
        var suppliers = stored.Select((s, i) => new SupplierRow(s.Assessment,
            AssessmentView.From(AssessmentLoader.With(s, procurement), waiting.GetValueOrDefault(s.Assessment.Id)), versions[i])).ToArray();
        return new ProcurementModel(procurement, profile, suppliers, RankingEntry.Of(procurement, profile, stored.Select(s => s.Assessment)))
        {
            Experts = experts.All,
            Audit = await auditRead,
            WholeAudit = wholeAudit,
            Now = time.GetUtcNow(),
            History = await historyRead,
            Version = procurements.VersionOf(procurement) is { } version ? ETags.ForClient(version) : null,
        };
    }

    /// <summary>A form with errors: the page again (400), with what was typed and the messages next to the fields.</summary>
    private async Task<IActionResult> RedisplayAsync(HttpContext http, string procurementId, Action<ProcurementModel> withErrors, CancellationToken ct)
    {
        if (await LoadAsync(http, procurementId, ct) is not { } page)
        {
            return Missing(http);
        }
        withErrors(page);
        return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
    }

    /// <summary>After an action: back to the procurement (a reload does not repeat it), with its outcome shown once.</summary>
    /// <remarks>The outcome is kept in both languages: the page that shows it may be read in the other one.</remarks>
    private static IActionResult Done(HttpContext http, string procurementId, LocalizedText notice, bool problem = false)
    {
        var flash = PageView.TempData(http);
        flash[NoticeKey + ".en"] = notice.En;
        flash[NoticeKey + ".fr"] = notice.Fr;
        flash[NoticeIsProblemKey] = problem;
        flash.Save();
        return new LocalRedirectResult("/procurements/" + Uri.EscapeDataString(procurementId));
    }

    private static string UnknownLanguage(HttpContext http) => http.T(
        "Choose English or French: nothing was changed.", "Choisissez l'anglais ou le français : rien n'a été changé.");

    /// <summary>An outcome in both languages, shown in the language of the page that shows it.</summary>
    private static LocalizedText T(string en, string fr) => new(en, fr);

    private static LocalizedText Changed(Assessment a) => T($"{a.SupplierName} changed meanwhile: look at the table again and retry.",
        $"{a.SupplierName} a changé entre-temps : regardez à nouveau le tableau et réessayez.");

    /// <summary>Not this user's procurement, or no such thing: the same 404 either way.</summary>
    private static IActionResult Missing(HttpContext http) => ProcurementTexts.NotFoundPage(http);
}
