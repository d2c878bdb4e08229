using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
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
}

/// <summary>What the procurement page shows: the procurement, its suppliers and ranking, the last action's outcome, and a form's errors.</summary>
public sealed class ProcurementModel(Procurement procurement, ConfidenceProfile profile, IReadOnlyList<SupplierRow> suppliers, IReadOnlyList<RankingEntry> ranking)
{
    public Procurement Procurement { get; } = procurement;

    public ConfidenceProfile Profile { get; } = profile;

    public IReadOnlyList<SupplierRow> Suppliers { get; } = suppliers;

    /// <summary>Scored bidders by missing points at the active alert level (ties by name), then the ones still waiting.</summary>
    public IReadOnlyList<RankingEntry> Ranking { get; } = ranking;

    /// <summary>The outcome of the last action, shown once after the redirect.</summary>
    public string? Notice { get; set; }

    public bool NoticeIsProblem { get; set; }

    /// <summary>Messages by field: alertLevel, language, supplierName, supplierEmail, supplierLanguage, and expertId:{assessmentId}.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

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
/// reports, the bidders' ranking — and the project manager's actions on it, posted to <c>?handler=AlertLevel</c>,
/// <c>Invite</c>, <c>Resend</c>, <c>Revoke</c> and <c>Assign</c>. Each action does what its endpoint in
/// <see cref="ProcurementsApi"/> or <see cref="ReviewApi"/> does (same rules, audit entries, queue messages and
/// emails), then comes back here with its outcome shown once; a form with errors comes back with them beside its fields.
/// </summary>
public sealed partial class ProcurementPages(
    ProcurementStore procurements, AssessmentStore assessments, ReportStore reports, Invitations invitations,
    AuditTrail audit, AlertLevelChange alertLevelChange, TimeProvider time, ExpertDirectory experts, ReviewerAssignment assignment)
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
                    page.Notice = http.T("This form had expired, so nothing was done. What you typed is kept below: send it again.", "Ce formulaire avait expiré : rien n'a été fait. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le.");
                    page.NoticeIsProblem = true;
                }, ct);
            }
            switch (request.Query["handler"].ToString().ToLowerInvariant())
            {
                case "alertlevel":
                    return await ChangeAlertLevelAsync(http, procurementId, PageView.Field(form, "alertLevel"), ct);
                case "invite":
                    return await InviteAsync(http, procurementId, PageView.Field(form, "supplierName"), PageView.Field(form, "supplierEmail"),
                        PageView.Field(form, "supplierLanguage"), ct);
                case "language":
                    return await ChooseLanguageAsync(http, procurementId, PageView.Field(form, "language"), ct);
                case "resend":
                    return await ResendAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "revoke":
                    return await RevokeAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct);
                case "assign":
                    return await AssignAsync(http, procurementId, PageView.Field(form, "assessmentId"), PageView.Field(form, "expertId"), ct);
                case "confirmearlier":
                    return await ConfirmEarlierAsync(http, procurementId, form, ct);
                case "dismissearlier":
                    return await DismissEarlierAsync(http, procurementId, form, ct);
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

    private async Task<IActionResult> ChangeAlertLevelAsync(HttpContext http, string procurementId, string? alertLevel, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return Missing(http);
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
                ? T(reportsText.En + $" 1 report could not be requested just now: choose {name.En} again in a moment to request it.",
                    reportsText.Fr + $" 1 rapport n'a pas pu être demandé pour l'instant : choisissez à nouveau {name.In("fr")} dans un moment pour le demander.")
                : T(reportsText.En + $" {notRequested} reports could not be requested just now: choose {name.En} again in a moment to request them.",
                    reportsText.Fr + $" {notRequested} rapports n'ont pas pu être demandés pour l'instant : choisissez à nouveau {name.In("fr")} dans un moment pour les demander.");
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
        await procurements.SaveAsync(procurement, ct);
        await audit.RecordAsync(procurement.Id, http.User.UserId(), "report language chosen", details: procurement.ProjectManagerLanguage, cancellationToken: ct);
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
        if (supplierEmail is not { } email || !ProcurementsApi.IsEmail(email))
        {
            errors["supplierEmail"] = http.T("Give the supplier's email address: the personal link is sent there.", "Indiquez l'adresse électronique du fournisseur : le lien personnel y est envoyé.");
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
        var userId = http.User.UserId();
        var (assessment, link) = Assessment.Invite(procurement.Id, name, supplierEmail!.Trim(), ShippedData.CurrentTemplate, time.GetUtcNow(),
            supplierLanguage: supplierLanguage ?? procurement.ProjectManagerLanguage);
        await assessments.AddAsync(assessment, procurement.OwnerId, ct);
        await audit.RecordAsync(procurement.Id, userId, "supplier invited", assessment.Id, cancellationToken: ct);
        return await invitations.SendAsync(procurement, assessment, link, ct)
            ? Done(http, procurement.Id, T($"{assessment.SupplierName} is invited: the personal link was emailed to {assessment.SupplierEmail}.",
                $"{assessment.SupplierName} est invité : le lien personnel a été envoyé à {assessment.SupplierEmail}."))
            : Done(http, procurement.Id, T($"{assessment.SupplierName} is invited, but the email to {assessment.SupplierEmail} could not be sent. Use “Resend link” in the table below to send it again.",
                $"{assessment.SupplierName} est invité, mais le courriel à {assessment.SupplierEmail} n'a pas pu être envoyé. Utilisez « Renvoyer le lien » dans le tableau ci-dessous pour l'envoyer à nouveau."), problem: true);
    }

    private async Task<IActionResult> ResendAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement || await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        var a = stored.Assessment;
        SupplierLink link;
        try
        {
            link = a.RenewLink(time.GetUtcNow());
        }
        catch (WorkflowException)
        {
            return Done(http, procurementId, T($"{a.SupplierName} has already submitted: there is no link to resend.",
                $"{a.SupplierName} a déjà soumis ses réponses : il n'y a pas de lien à renvoyer."), problem: true);
        }
        if (!await SavedAsync(stored, ct))
        {
            return Done(http, procurementId, Changed(a), problem: true);
        }
        await audit.RecordAsync(procurementId, http.User.UserId(), "link resent", a.Id, cancellationToken: ct);
        return await invitations.SendAsync(procurement, a, link, ct)
            ? Done(http, procurementId, T($"A new link was emailed to {a.SupplierName} ({a.SupplierEmail}), valid until {Typography.Date(a.LinkExpiresAt, "en")}; the previous link no longer works.",
                $"Un nouveau lien a été envoyé à {a.SupplierName} ({a.SupplierEmail}), valable jusqu'au {Typography.Date(a.LinkExpiresAt, "fr")} ; le lien précédent ne fonctionne plus."))
            : Done(http, procurementId, T($"A new link was made for {a.SupplierName}, but the email to {a.SupplierEmail} could not be sent. Try “Resend link” again in a moment.",
                $"Un nouveau lien a été créé pour {a.SupplierName}, mais le courriel à {a.SupplierEmail} n'a pas pu être envoyé. Réessayez « Renvoyer le lien » dans un instant."), problem: true);
    }

    private async Task<IActionResult> RevokeAsync(HttpContext http, string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(http, procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing(http);
        }
        var supplier = stored.Assessment.SupplierName;
        stored.Assessment.RevokeLink();
        if (!await SavedAsync(stored, ct))
        {
            return Done(http, procurementId, Changed(stored.Assessment), problem: true);
        }
        await audit.RecordAsync(procurementId, http.User.UserId(), "link revoked", stored.Assessment.Id, cancellationToken: ct);
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

    /// <summary>Saves the changed assessment over the version it was read as; false when it changed meanwhile (nothing is saved).</summary>
    private async Task<bool> SavedAsync(StoredAssessment stored, CancellationToken ct)
    {
        try
        {
            await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
            return true;
        }
        catch (StaleWriteException)
        {
            return false;
        }
    }

    /// <summary>The page's query: this user's procurement with its suppliers, their report versions and the ranking; null when not found.</summary>
    private async Task<ProcurementModel?> LoadAsync(HttpContext http, string procurementId, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement)
        {
            return null;
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        var stored = (await assessments.ListAsync(procurement.Id, ct)).OrderBy(s => s.Assessment.InvitedAt).ToArray();
        var versions = await Task.WhenAll(stored.Select(s => ReportVersions.ListAsync(reports, s.Assessment, profile, ct)));
        var suppliers = stored.Select((s, i) => new SupplierRow(s.Assessment, AssessmentView.From(AssessmentLoader.With(s, procurement)), versions[i])).ToArray();
        return new ProcurementModel(procurement, profile, suppliers, RankingEntry.Of(procurement, profile, stored.Select(s => s.Assessment)))
        {
            Experts = experts.All,
            History = await LoadHistoryAsync(http, procurement, profile, stored, ct),
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
