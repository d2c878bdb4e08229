using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Pages.Procurements;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Review;

/// <summary>
/// The expert's review of one assessment: the capability grid, one selected cell with its override form, declared vs
/// verified, the finalize step and a what-if of the targets. Same visibility and rules as <see cref="ReviewApi"/>:
/// the owner project manager may look; only the assigned expert may change anything.
/// </summary>
[Authorize]
public sealed class ReviewModel(AssessmentStore assessments, ProcurementStore procurements, StageQueues queues, AuditTrail audit, TimeProvider time)
    : PageModel
{
    public AssessmentContext Current { get; private set; } = null!;
    public bool Missing { get; private set; }
    public string Language { get; private set; } = "en";
    public GapReport? DeclaredGap { get; private set; }
    public GapReport? VerifiedGap { get; private set; }
    public Cell? Selected { get; private set; }
    public bool Saved { get; private set; }
    public int? FinalizedVersion { get; private set; }

    /// <summary>Field name → message, next to the field; nothing was saved when there is any.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; private set; }
    public string? FormLetter { get; private set; }
    public string? FormPercent { get; private set; }
    public string? FormNote { get; private set; }
    public WhatIf WhatIf { get; private set; } = null!;

    public Assessment Assessment => Current.Assessment;
    public ConfidenceProfile Profile => Current.Profile;
    public string ActiveAlertLevel => Current.Procurement.ActiveAlertLevel;
    public RatingGrid? Verified => Assessment.VerifiedRatings;
    public AlertLevelGap? ActiveGap => VerifiedGap?.Variant(ActiveAlertLevel);

    /// <summary>The procurement's project manager, who comes from the procurement page and can go back to it.</summary>
    public bool IsOwner => User.IsInRole(Roles.ProjectManager) && Current.Stored.OwnerId == User.UserId();

    /// <summary>The assigned expert, who alone may correct and finalize.</summary>
    public bool IsReviewer => User.IsInRole(Roles.Expert) && Assessment.ReviewerId == User.UserId();
    public bool IsOpenForReview => Assessment.State is AssessmentState.Reported or AssessmentState.UnderReview;
    public bool CanEdit => IsReviewer && IsOpenForReview && Assessment.DeclaredRatings is not null;

    public async Task<IActionResult> OnGetAsync(string procurementId, string assessmentId, string? cell, int? finalized, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(procurementId, assessmentId, ct))
        {
            return NotFoundPage();
        }
        Selected = ParseCell(cell);
        Saved = saved == "1" && Selected is not null && Assessment.Overrides.Any(o => o.Cell == Selected);
        // Only a version this finalized assessment can have: the one being produced, or produced already.
        if (finalized is { } v && Assessment.State == AssessmentState.Final && (v == Assessment.ReportVersion || v == Assessment.ReportVersion + 1))
        {
            FinalizedVersion = v;
        }
        return Page();
    }

    /// <summary>Saves a correction: the same checks and wording as <c>PUT …/overrides</c>.</summary>
    public async Task<IActionResult> OnPostOverrideAsync(string procurementId, string assessmentId,
        string? processArea, string? commonFeature, string? letter, string? percent, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(procurementId, assessmentId, ct))
        {
            return NotFoundPage();
        }
        if (!IsReviewer)
        {
            return Forbid();
        }
        (FormLetter, FormPercent, FormNote) = (letter, percent, note);
        Selected = ParseCell($"{processArea}/{commonFeature}");
        if (Selected is null)
        {
            Errors["cell"] = T("Pick a cell in the grid first.", "Choisissez d'abord une case de la grille.");
        }
        var (parsed, ratingError) = ParseRating(letter, percent);
        if (ratingError is not null)
        {
            Errors["rating"] = ratingError;
        }
        if (string.IsNullOrWhiteSpace(note) || note.Length > ReviewApi.MaxNoteLength)
        {
            Errors["note"] = T($"Write the evidence note that justifies the correction (1 to {ReviewApi.MaxNoteLength} characters).",
                $"Rédigez la note de preuve qui justifie la correction (de 1 à {ReviewApi.MaxNoteLength} caractères).");
        }
        if (Errors.Count > 0)
        {
            FormError = T("The correction was not recorded.", "La correction n'a pas été enregistrée.");
            return Page();
        }
        var (cell, rating) = (Selected!.Value, parsed!.Value);
        try
        {
            Assessment.Override(cell, rating, note!, User.UserId(), time.GetUtcNow());
            await assessments.SaveAsync(Assessment, Current.Stored.OwnerId, Current.Stored.ETag, ct);
        }
        catch (WorkflowException e)
        {
            FormError = e.Message;
            return Page();
        }
        catch (StaleWriteException)
        {
            return await StaleAsync(procurementId, assessmentId, ct);
        }
        await audit.RecordAsync(procurementId, User.UserId(), "rating corrected", assessmentId, $"{cell.ProcessArea.Id}/{cell.CommonFeature.Id} → {rating}", ct);
        return Redirect($"{PagePath}?cell={cell}&saved=1#selected-cell");
    }

    /// <summary>Ends the review: the same as <c>POST …/finalize</c> — the verified report version is requested.</summary>
    public async Task<IActionResult> OnPostFinalizeAsync(string procurementId, string assessmentId, bool confirm, CancellationToken ct)
    {
        if (!await LoadAsync(procurementId, assessmentId, ct))
        {
            return NotFoundPage();
        }
        if (!IsReviewer)
        {
            return Forbid();
        }
        if (!confirm)
        {
            Errors["confirm"] = T("Tick the box to confirm that the review is complete.", "Cochez la case pour confirmer que la revue est terminée.");
            return Page();
        }
        int version;
        try
        {
            version = Assessment.Finalize();
            await assessments.SaveAsync(Assessment, Current.Stored.OwnerId, Current.Stored.ETag, ct);
        }
        catch (WorkflowException e)
        {
            Errors["confirm"] = e.Message;
            return Page();
        }
        catch (StaleWriteException)
        {
            return await StaleAsync(procurementId, assessmentId, ct);
        }
        await queues.SendAsync(StageQueues.ReportRequested, new StageMessage(procurementId, assessmentId, version, Verified: true), ct);
        await audit.RecordAsync(procurementId, User.UserId(), "review finalized", assessmentId, $"verified report version {version} requested", ct);
        return Redirect($"{PagePath}?finalized={version}#finalize");
    }

    public string PagePath => ProcurementTexts.ReviewPage(Assessment.ProcurementId, Assessment.Id);

    public string T(string en, string fr) => HttpContext.T(en, fr);

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    public string CfName(CommonFeature cf) => ShippedData.Catalog[cf].Name.In(Language);

    public string AlertLevelName(string level) => PageTexts.AlertLevel(HttpContext, Profile, level);

    /// <summary>"F (100 %)", in the page's language.</summary>
    public static string Show(Rating rating) =>
        $"{rating.Letter} ({rating.Percent.ToString("0.#", CultureInfo.InvariantCulture)} %)";

    public static string Number(double percent) => percent.ToString("0.###", CultureInfo.InvariantCulture);

    public bool IsMissing(Cell cell) => ActiveGap is { } gap && gap[cell.ProcessArea].Missing.Contains(cell.CommonFeature);

    public RatingOverride? OverrideOf(Cell cell) => Assessment.Overrides.FirstOrDefault(o => o.Cell == cell);

    /// <summary>The assessment if this user may see it: the procurement's owner, or the assigned expert (as <see cref="ReviewApi"/>).</summary>
    private async Task<bool> LoadAsync(string procurementId, string assessmentId, CancellationToken ct)
    {
        Language = PageLanguage.Of(HttpContext);
        if (await ReviewApi.VisibleAsync(User, procurementId, assessmentId, assessments, procurements, ct) is not { } current)
        {
            return false;
        }
        Current = current;
        if (Assessment.DeclaredRatings is { } declared)
        {
            DeclaredGap = GapAnalysis.Compute(declared, Profile);
            VerifiedGap = GapAnalysis.Compute(Verified!, Profile);
        }
        WhatIf = WhatIf.From(Request.Query, Profile, ActiveAlertLevel, Verified, HttpContext);
        return true;
    }

    /// <summary>Nothing was saved: reload what is stored now and say so.</summary>
    private async Task<IActionResult> StaleAsync(string procurementId, string assessmentId, CancellationToken ct)
    {
        var selected = Selected;
        if (!await LoadAsync(procurementId, assessmentId, ct))
        {
            return NotFoundPage();
        }
        Selected = selected;
        FormError = T("This assessment was changed elsewhere in the meantime: reload the page and try again.",
            "Cette évaluation a été modifiée ailleurs entre-temps : rechargez la page et recommencez.");
        return Page();
    }

    private PageResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private static Cell? ParseCell(string? text) =>
        text?.Split('/') is [var pa, var cf] && ProcessAreaId.TryParse(pa, out var p) && CommonFeature.TryParse(cf, out var c) ? new Cell(p, c) : null;

    /// <summary>The percentage when typed, else the letter (as <c>Rating.TryParse</c> reads them); null with the reason otherwise.</summary>
    private (Rating? Rating, string? Error) ParseRating(string? letter, string? percent)
    {
        var invalid = T("A rating is N, P, L, F or a percentage from 0 to 100.", "Une note est N, P, L, F ou un pourcentage de 0 à 100.");
        Rating? chosen = null;
        if (!string.IsNullOrWhiteSpace(letter))
        {
            if (!char.IsAsciiLetter(letter.Trim()[0]) || !Rating.TryParse(letter, out var l))
            {
                return (null, invalid);
            }
            chosen = l;
        }
        if (string.IsNullOrWhiteSpace(percent))
        {
            return (chosen, chosen is null ? invalid : null);
        }
        if (!char.IsAsciiDigit(percent.Trim()[0]) || !Rating.TryParse(percent, out var p))
        {
            return (null, invalid);
        }
        return chosen is { } c && c.Letter != p.Letter
            ? (null, T($"{Number(p.Percent)} % is {p.Letter}, not {c.Letter}: choose a letter or type a percentage.",
                $"{Number(p.Percent)} % vaut {p.Letter}, pas {c.Letter} : choisissez une lettre ou saisissez un pourcentage."))
            : (p, null);
    }
}
