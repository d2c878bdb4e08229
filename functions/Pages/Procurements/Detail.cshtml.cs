using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
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

/// <summary>
/// A procurement: its profile and alert level, the invited suppliers and their reports, the bidders' ranking; and the
/// project manager's actions on it. Each action does what its endpoint in <see cref="ProcurementsApi"/> or
/// <see cref="ReviewApi"/> does (same rules, audit entries, queue messages and emails), then comes back here.
/// </summary>
[Authorize(Roles.ProjectManager)]
public sealed class ProcurementModel(
    ProcurementStore procurements, AssessmentStore assessments, ReportStore reports, Invitations invitations,
    AuditTrail audit, AlertLevelChange alertLevelChange, TimeProvider time) : PageModel
{
    public bool IsMissing { get; private set; }

    public Procurement Procurement { get; private set; } = null!;

    public ConfidenceProfile Profile { get; private set; } = null!;

    public IReadOnlyList<SupplierRow> Suppliers { get; private set; } = [];

    /// <summary>Scored bidders by missing points at the active alert level (ties by name), then the ones still waiting.</summary>
    public IReadOnlyList<RankingEntry> Ranking { get; private set; } = [];

    /// <summary>The outcome of the last action, shown once after the redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    [TempData]
    public bool NoticeIsProblem { get; set; }

    /// <summary>Messages by field: alertLevel, supplierName, supplierEmail, and expertId:{assessmentId}.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? SupplierName { get; private set; }

    public string? SupplierEmail { get; private set; }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public async Task<IActionResult> OnGetAsync(string procurementId, CancellationToken ct) =>
        await LoadAsync(procurementId, ct) ? Page() : Missing();

    public async Task<IActionResult> OnPostAlertLevelAsync(string procurementId, string? alertLevel, CancellationToken ct)
    {
        if (await FindAsync(procurementId, ct) is not { } procurement)
        {
            return Missing();
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        if (alertLevel is null || !profile.HasAlertLevel(alertLevel))
        {
            var levels = string.Join(", ", profile.AlertLevels);
            Errors["alertLevel"] = HttpContext.T($"Choose one of the profile's alert levels: {levels}.", $"Choisissez un des niveaux d'alerte du profil : {levels}.");
            return await RedisplayAsync(procurementId, ct);
        }
        var recomputed = await alertLevelChange.ApplyAsync(procurement, alertLevel, User.UserId(), ct);
        var name = PageTexts.AlertLevel(HttpContext, profile, alertLevel);
        var reportsText = recomputed switch
        {
            0 => HttpContext.T("No report needs recomputing.", "Aucun rapport à recalculer."),
            1 => HttpContext.T("1 report is being recomputed; the new version will be emailed to you.", "1 rapport est en cours de recalcul ; la nouvelle version vous sera envoyée par courriel."),
            _ => HttpContext.T($"{recomputed} reports are being recomputed; each new version will be emailed to you.", $"{recomputed} rapports sont en cours de recalcul ; chaque nouvelle version vous sera envoyée par courriel."),
        };
        return Done(procurement.Id, HttpContext.T($"The active alert level is now {name}. ", $"Le niveau d'alerte actif est maintenant {name}. ") + reportsText);
    }

    public async Task<IActionResult> OnPostInviteAsync(string procurementId, string? supplierName, string? supplierEmail, CancellationToken ct)
    {
        if (await FindAsync(procurementId, ct) is not { } procurement)
        {
            return Missing();
        }
        var name = supplierName?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            Errors["supplierName"] = HttpContext.T("Give the supplier's name (1 to 200 characters).", "Indiquez le nom du fournisseur (1 à 200 caractères).");
        }
        if (supplierEmail is not { } email || !ProcurementsApi.IsEmail(email))
        {
            Errors["supplierEmail"] = HttpContext.T("Give the supplier's email address: the personal link is sent there.", "Indiquez l'adresse électronique du fournisseur : le lien personnel y est envoyé.");
        }
        if (Errors.Count > 0)
        {
            (SupplierName, SupplierEmail) = (supplierName, supplierEmail);
            return await RedisplayAsync(procurementId, ct);
        }
        var (assessment, link) = Assessment.Invite(procurement.Id, name, supplierEmail!.Trim(), ShippedData.CurrentTemplate, time.GetUtcNow());
        await assessments.AddAsync(assessment, procurement.OwnerId, ct);
        await audit.RecordAsync(procurement.Id, User.UserId(), "supplier invited", assessment.Id, cancellationToken: ct);
        return await invitations.SendAsync(procurement, assessment, link, ct)
            ? Done(procurement.Id, HttpContext.T($"{assessment.SupplierName} is invited: the personal link was emailed to {assessment.SupplierEmail}.",
                $"{assessment.SupplierName} est invité : le lien personnel a été envoyé à {assessment.SupplierEmail}."))
            : Done(procurement.Id, HttpContext.T($"{assessment.SupplierName} is invited, but the email to {assessment.SupplierEmail} could not be sent. Use “Resend link” in the table below to send it again.",
                $"{assessment.SupplierName} est invité, mais le courriel à {assessment.SupplierEmail} n'a pas pu être envoyé. Utilisez « Renvoyer le lien » dans le tableau ci-dessous pour l'envoyer à nouveau."), problem: true);
    }

    public async Task<IActionResult> OnPostResendAsync(string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAsync(procurementId, ct) is not { } procurement || await FindAssessmentAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing();
        }
        var a = stored.Assessment;
        SupplierLink link;
        try
        {
            link = a.RenewLink(time.GetUtcNow());
        }
        catch (WorkflowException)
        {
            return Done(procurementId, HttpContext.T($"{a.SupplierName} has already submitted: there is no link to resend.",
                $"{a.SupplierName} a déjà soumis ses réponses : il n'y a pas de lien à renvoyer."), problem: true);
        }
        if (!await SavedAsync(stored, ct))
        {
            return Done(procurementId, Changed(a), problem: true);
        }
        await audit.RecordAsync(procurementId, User.UserId(), "link resent", a.Id, cancellationToken: ct);
        return await invitations.SendAsync(procurement, a, link, ct)
            ? Done(procurementId, HttpContext.T($"A new link was emailed to {a.SupplierName} ({a.SupplierEmail}), valid until {ProcurementTexts.Date(a.LinkExpiresAt)}; the previous link no longer works.",
                $"Un nouveau lien a été envoyé à {a.SupplierName} ({a.SupplierEmail}), valable jusqu'au {ProcurementTexts.Date(a.LinkExpiresAt)} ; le lien précédent ne fonctionne plus."))
            : Done(procurementId, HttpContext.T($"A new link was made for {a.SupplierName}, but the email to {a.SupplierEmail} could not be sent. Try “Resend link” again in a moment.",
                $"Un nouveau lien a été créé pour {a.SupplierName}, mais le courriel à {a.SupplierEmail} n'a pas pu être envoyé. Réessayez « Renvoyer le lien » dans un instant."), problem: true);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string procurementId, string? assessmentId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing();
        }
        var supplier = stored.Assessment.SupplierName;
        stored.Assessment.RevokeLink();
        if (!await SavedAsync(stored, ct))
        {
            return Done(procurementId, Changed(stored.Assessment), problem: true);
        }
        await audit.RecordAsync(procurementId, User.UserId(), "link revoked", stored.Assessment.Id, cancellationToken: ct);
        return Done(procurementId, HttpContext.T($"The link of {supplier} is revoked: it no longer opens the questionnaire. “Resend link” makes a new one.",
            $"Le lien de {supplier} est révoqué : il n'ouvre plus le questionnaire. « Renvoyer le lien » en crée un nouveau."));
    }

    public async Task<IActionResult> OnPostAssignAsync(string procurementId, string? assessmentId, string? expertId, CancellationToken ct)
    {
        if (await FindAssessmentAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return Missing();
        }
        if (string.IsNullOrWhiteSpace(expertId) || expertId.Length > 200)
        {
            Errors["expertId:" + stored.Assessment.Id] = HttpContext.T("Name the security expert who will review this assessment.", "Indiquez l'expert sécurité qui revoit cette évaluation.");
            return await RedisplayAsync(procurementId, ct);
        }
        var expert = expertId.Trim();
        stored.Assessment.AssignReviewer(expert);
        if (!await SavedAsync(stored, ct))
        {
            return Done(procurementId, Changed(stored.Assessment), problem: true);
        }
        await audit.RecordAsync(procurementId, User.UserId(), "reviewer assigned", stored.Assessment.Id, expert, ct);
        return Done(procurementId, HttpContext.T($"{expert} will review {stored.Assessment.SupplierName}.", $"{expert} revoit {stored.Assessment.SupplierName}."));
    }

    /// <summary>The procurement if it is this user's (the same point read the API makes).</summary>
    private Task<Procurement?> FindAsync(string procurementId, CancellationToken ct) => procurements.FindAsync(User.UserId(), procurementId, ct);

    /// <summary>An assessment of this user's procurement: its row names the procurement's owner, so one read is enough (as the API's revoke).</summary>
    private async Task<StoredAssessment?> FindAssessmentAsync(string procurementId, string? assessmentId, CancellationToken ct) =>
        string.IsNullOrEmpty(assessmentId) || await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored || stored.OwnerId != User.UserId()
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

    private async Task<bool> LoadAsync(string procurementId, CancellationToken ct)
    {
        if (await FindAsync(procurementId, ct) is not { } procurement)
        {
            return false;
        }
        Procurement = procurement;
        Profile = AssessmentLoader.ProfileOf(procurement);
        var stored = (await assessments.ListAsync(procurement.Id, ct)).OrderBy(s => s.Assessment.InvitedAt).ToArray();
        var versions = await Task.WhenAll(stored.Select(s => ReportVersions.ListAsync(reports, s.Assessment, Profile, ct)));
        Suppliers = stored.Select((s, i) => new SupplierRow(s.Assessment, AssessmentView.From(AssessmentLoader.With(s, procurement)), versions[i])).ToArray();
        Ranking = RankingEntry.Of(procurement, Profile, stored.Select(s => s.Assessment));
        return true;
    }

    /// <summary>A form with errors: the page again, with what was typed and the messages next to the fields.</summary>
    private async Task<IActionResult> RedisplayAsync(string procurementId, CancellationToken ct) =>
        await LoadAsync(procurementId, ct) ? Page() : Missing();

    /// <summary>After an action: back to the procurement (a reload does not repeat it), with its outcome shown once.</summary>
    private IActionResult Done(string procurementId, string notice, bool problem = false)
    {
        Notice = notice;
        NoticeIsProblem = problem;
        return LocalRedirect("/procurements/" + Uri.EscapeDataString(procurementId));
    }

    private string Changed(Assessment a) => HttpContext.T($"{a.SupplierName} changed meanwhile: look at the table again and retry.",
        $"{a.SupplierName} a changé entre-temps : regardez à nouveau le tableau et réessayez.");

    /// <summary>Not this user's procurement, or no such thing: the same 404 either way.</summary>
    private PageResult Missing()
    {
        IsMissing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
