using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Primitives;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Pages.Procurements;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Review;

/// <summary>
/// What the review page shows: the assessment (or "not found"), the gaps, the selected cell with its correction form as
/// typed, the finalize step and the what-if panel. Who looks is decided once, when the page is made.
/// </summary>
public sealed class ReviewModel
{
    private readonly AssessmentContext? _current;

    private ReviewModel(string language, AssessmentContext? current, ClaimsPrincipal user, WhatIf? whatIf)
    {
        Language = language;
        _current = current;
        WhatIf = whatIf!;
        if (current is null)
        {
            return;
        }
        IsOwner = user.IsInRole(Roles.ProjectManager) && current.Stored.OwnerId == user.UserId();
        IsReviewer = user.IsInRole(Roles.Expert) && current.Assessment.ReviewerId == user.UserId();
        UserId = user.UserId();
        if (current.Assessment.DeclaredRatings is { } declared)
        {
            DeclaredGap = GapAnalysis.Compute(declared, current.Profile);
            VerifiedGap = GapAnalysis.Compute(current.Assessment.VerifiedRatings!, current.Profile);
        }
    }

    /// <summary>The page for an assessment this user may see; the what-if panel reads the request's query.</summary>
    internal static ReviewModel Of(AssessmentContext current, HttpContext http) =>
        new(PageLanguage.Of(http), current, http.User,
            WhatIf.From(http.Request.Query, current.Profile, current.Procurement.ActiveAlertLevel, current.Assessment.VerifiedRatings, http));

    /// <summary>"Review not found": no such assessment, or not this user's to see (the same page either way).</summary>
    internal static ReviewModel NotFound(HttpContext http) => new(PageLanguage.Of(http), null, http.User, null);

    public string Language { get; }
    public bool Missing => _current is null;
    public AssessmentContext Current => _current ?? throw new InvalidOperationException("The review was not found.");
    public GapReport? DeclaredGap { get; }
    public GapReport? VerifiedGap { get; }
    public WhatIf WhatIf { get; }

    /// <summary>The supplier's declarations: topic by topic, and behind the selected cell (cells link to the grid's selection).</summary>
    public DeclarationsView Declarations => new(Language, Current.Template, Assessment.Answers, Assessment.ProcurementId, Assessment.Id,
        cell => $"{PagePath}?cell={cell}#selected-cell");

    /// <summary>The signed-in user's id (the expert who may remove their own corrections).</summary>
    public string? UserId { get; private init; }

    public Cell? Selected { get; set; }
    public bool Saved { get; set; }

    /// <summary>The selected cell's correction was just removed.</summary>
    public bool Removed { get; set; }
    public int? FinalizedVersion { get; set; }

    /// <summary>Field name → message, next to the field; nothing was saved when there is any.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? FormError { get; set; }
    public string? FormLetter { get; set; }
    public string? FormPercent { get; set; }
    public string? FormNote { get; set; }

    public Assessment Assessment => Current.Assessment;
    public ConfidenceProfile Profile => Current.Profile;
    public string ActiveAlertLevel => Current.Procurement.ActiveAlertLevel;
    public RatingGrid? Verified => Assessment.VerifiedRatings;
    public AlertLevelGap? ActiveGap => VerifiedGap?.Variant(ActiveAlertLevel);

    /// <summary>The procurement's project manager, who comes from the procurement page and can go back to it.</summary>
    public bool IsOwner { get; }

    /// <summary>The assigned expert, who alone may correct and finalize.</summary>
    public bool IsReviewer { get; }
    public bool IsOpenForReview => Assessment.State is AssessmentState.Reported or AssessmentState.UnderReview;
    public bool CanEdit => IsReviewer && IsOpenForReview && Assessment.DeclaredRatings is not null;

    public string PagePath => ProcurementTexts.ReviewPage(Assessment.ProcurementId, Assessment.Id);

    public string T(string en, string fr) => PageLanguage.Pick(Language, en, fr);

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    public string CfName(CommonFeature cf) => ShippedData.Catalog[cf].Name.In(Language);

    /// <summary>The alert level's name, as <see cref="PageTexts.AlertLevel"/> gives it.</summary>
    public string AlertLevelName(string level) => Profile.AlertLevelName(level).In(Language);

    /// <summary>"L (50.04 %)": the letter and a number that never contradicts it (<see cref="Rating.ToString"/>, DESIGN §2.2 rule 1).</summary>
    public static string Show(Rating rating) => rating.ToString();

    /// <summary>The exact percentage, for the what-if script to send back to <c>/api/gap</c> (shortest round-trip form, not rounded).</summary>
    public static string Number(double percent) => percent.ToString("R", CultureInfo.InvariantCulture);

    public bool IsMissing(Cell cell) => ActiveGap is { } gap && gap[cell.ProcessArea].Missing.Contains(cell.CommonFeature);

    public RatingOverride? OverrideOf(Cell cell) => Assessment.Overrides.FirstOrDefault(o => o.Cell == cell);

    /// <summary>"PA01/2.1" → the cell; null for anything else.</summary>
    public static Cell? ParseCell(string? text) =>
        text?.Split('/') is [var pa, var cf] && ProcessAreaId.TryParse(pa, out var p) && CommonFeature.TryParse(cf, out var c) ? new Cell(p, c) : null;
}

/// <summary>
/// The expert's review of one assessment, <c>/review/{procurementId}/{assessmentId}</c>: the capability grid, one selected
/// cell with its correction form (<c>POST ?handler=Override</c>), declared vs verified, the finalize step
/// (<c>POST ?handler=Finalize</c>) and a what-if of the targets. Same visibility and rules as <see cref="ReviewApi"/>:
/// the owner project manager may look; only the assigned expert may change anything.
/// </summary>
public sealed class ReviewPages(AssessmentStore assessments, ProcurementStore procurements, StageQueues queues, AuditTrail audit, TimeProvider time)
{
    private const string View = "Review/Review";

    [Function(nameof(ReviewPage))]
    [RequireRole]
    [ShowsExpiredForm]
    public async Task<IActionResult> ReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "review/{procurementId}/{assessmentId}")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (await LoadAsync(http, procurementId, assessmentId, ct) is not { } page)
        {
            return NotFoundPage(http);
        }
        if (HttpMethods.IsGet(request.Method))
        {
            return Show(http, page);
        }
        if (!page.IsReviewer)
        {
            return new ForbidResult();
        }
        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : FormCollection.Empty;
        var handler = request.Query["handler"].ToString();
        if (FormCheck.Expired(http))
        {
            // An expired form from this site: the correction shown again as typed, and nothing recorded.
            (page.FormLetter, page.FormPercent, page.FormNote) = (Posted(form, "letter"), Posted(form, "percent"), Posted(form, "note"));
            page.Selected = ReviewModel.ParseCell($"{Posted(form, "processArea")}/{Posted(form, "commonFeature")}");
            var expired = page.T("This form had expired, so nothing was done. What you typed is kept below: send it again.", "Ce formulaire avait expiré : rien n'a été fait. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le.");
            if (handler.Equals("Finalize", StringComparison.OrdinalIgnoreCase))
            {
                page.Errors["confirm"] = expired;
            }
            else
            {
                page.FormError = expired;
            }
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        if (handler.Equals("Override", StringComparison.OrdinalIgnoreCase))
        {
            return await OverrideAsync(http, page, form, ct);
        }
        if (handler.Equals("Finalize", StringComparison.OrdinalIgnoreCase))
        {
            return await FinalizeAsync(http, page, form, ct);
        }
        if (handler.Equals("RemoveOverride", StringComparison.OrdinalIgnoreCase))
        {
            return await RemoveOverrideAsync(http, page, form, ct);
        }
        return new BadRequestResult();
    }

    /// <summary><c>?cell=PA01/2.1</c> selects a cell; <c>saved=1</c> and <c>finalized={n}</c> say what the last form did.</summary>
    private static IActionResult Show(HttpContext http, ReviewModel page)
    {
        var query = http.Request.Query;
        page.Selected = ReviewModel.ParseCell(First(query["cell"]));
        page.Saved = query["saved"] == "1" && page.Selected is { } selected && page.Assessment.Overrides.Any(o => o.Cell == selected);
        page.Removed = query["removed"] == "1" && page.Selected is { } taken && page.Assessment.Overrides.All(o => o.Cell != taken);
        // Only a version this finalized assessment can have: the one being produced, or produced already.
        if (int.TryParse(First(query["finalized"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            && page.Assessment.State == AssessmentState.Final && (v == page.Assessment.ReportVersion || v == page.Assessment.ReportVersion + 1))
        {
            page.FinalizedVersion = v;
        }
        return PageView.Of(http, View, page);
    }

    /// <summary>Saves a correction: the same checks and wording as <c>PUT …/overrides</c>.</summary>
    private async Task<IActionResult> OverrideAsync(HttpContext http, ReviewModel page, IFormCollection form, CancellationToken ct)
    {
        // The note's line breaks count one character each, as the browser counted them against maxlength (issue 12).
        var (letter, percent, note) = (Posted(form, "letter"), Posted(form, "percent"), Posted(form, "note") is { } typed ? AnswerValidation.NormalizeText(typed) : null);
        (page.FormLetter, page.FormPercent, page.FormNote) = (letter, percent, note);
        page.Selected = ReviewModel.ParseCell($"{Posted(form, "processArea")}/{Posted(form, "commonFeature")}");
        if (page.Selected is null)
        {
            page.Errors["cell"] = page.T("Pick a cell in the grid first.", "Choisissez d'abord une case de la grille.");
        }
        var (parsed, ratingError) = ParseRating(page, letter, percent);
        if (ratingError is not null)
        {
            page.Errors["rating"] = ratingError;
        }
        if (string.IsNullOrWhiteSpace(note) || note.Length > ReviewApi.MaxNoteLength)
        {
            page.Errors["note"] = page.T($"Write the evidence note that justifies the correction (1 to {ReviewApi.MaxNoteLength} characters).",
                $"Rédigez la note de preuve qui justifie la correction (de 1 à {ReviewApi.MaxNoteLength} caractères).");
        }
        else if (AnswerValidation.HasControlCharacters(note))
        {
            page.Errors["note"] = page.T(AnswerValidation.ControlCharactersText.En, AnswerValidation.ControlCharactersText.Fr);
        }
        if (page.Errors.Count > 0)
        {
            page.FormError = page.T("The correction was not recorded.", "La correction n'a pas été enregistrée.");
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        var (cell, rating) = (page.Selected!.Value, parsed!.Value);
        var (procurementId, assessmentId) = (page.Assessment.ProcurementId, page.Assessment.Id);
        try
        {
            page.Assessment.Override(cell, rating, note!, http.User.UserId(), time.GetUtcNow());
            await assessments.SaveAsync(page.Assessment, page.Current.Stored.OwnerId, page.Current.Stored.ETag, ct,
                audit: audit.Note(procurementId, http.User.UserId(), "rating corrected", assessmentId, $"{cell.ProcessArea.Id}/{cell.CommonFeature.Id} → {rating}"));
        }
        catch (CorrectionByAnotherExpertException e)
        {
            // Another expert's correction stays theirs: said above the form, the note kept as typed.
            page.FormError = ByAnotherExpert(page, e.Correction, replace: true);
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (WorkflowException e)
        {
            page.FormError = e.Message;
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (Exception e) when (e is LimitExceededException or EntityTooLargeException)
        {
            // The notes together are full: the note stays typed, with the bound next to it.
            page.Errors["note"] = e.Message;
            page.FormError = page.T("The correction was not recorded.", "La correction n'a pas été enregistrée.");
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (StaleWriteException)
        {
            return await StaleAsync(http, page, ct);
        }
        return new RedirectResult($"{page.PagePath}?cell={cell}&saved=1#selected-cell");
    }

    /// <summary>
    /// Takes back a correction the expert made (the same as <c>DELETE …/overrides/{pa}/{cf}</c>): the cell returns to its
    /// declared rating, and the audit trail says so.
    /// </summary>
    private async Task<IActionResult> RemoveOverrideAsync(HttpContext http, ReviewModel page, IFormCollection form, CancellationToken ct)
    {
        page.Selected = ReviewModel.ParseCell($"{Posted(form, "processArea")}/{Posted(form, "commonFeature")}");
        if (page.Selected is not { } cell)
        {
            page.FormError = page.T("Pick a cell in the grid first.", "Choisissez d'abord une case de la grille.");
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        RatingOverride removed;
        try
        {
            removed = page.Assessment.RemoveOverride(cell, http.User.UserId());
            await assessments.SaveAsync(page.Assessment, page.Current.Stored.OwnerId, page.Current.Stored.ETag, ct,
                audit: audit.Note(page.Assessment.ProcurementId, http.User.UserId(), "correction removed", page.Assessment.Id,
                    $"{cell.ProcessArea.Id}/{cell.CommonFeature.Id} (was {removed.Rating})"));
        }
        catch (CorrectionByAnotherExpertException e)
        {
            page.FormError = ByAnotherExpert(page, e.Correction, replace: false);
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (WorkflowException e)
        {
            page.FormError = e.Message;
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (StaleWriteException)
        {
            return await StaleAsync(http, page, ct);
        }
        return new RedirectResult($"{page.PagePath}?cell={cell}&removed=1#selected-cell");
    }

    /// <summary>Ends the review: the same as <c>POST …/finalize</c> — the verified report version is requested.</summary>
    private async Task<IActionResult> FinalizeAsync(HttpContext http, ReviewModel page, IFormCollection form, CancellationToken ct)
    {
        if (!(bool.TryParse(Posted(form, "confirm"), out var confirm) && confirm))
        {
            page.Errors["confirm"] = page.T("Tick the box to confirm that the review is complete.", "Cochez la case pour confirmer que la revue est terminée.");
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        var (procurementId, assessmentId) = (page.Assessment.ProcurementId, page.Assessment.Id);
        int version;
        FollowUp verified;
        try
        {
            version = page.Assessment.Finalize();
            verified = queues.FollowUp(StageQueues.ReportRequested, new StageMessage(procurementId, assessmentId, version, Verified: true));
            await assessments.SaveAsync(page.Assessment, page.Current.Stored.OwnerId, page.Current.Stored.ETag, ct, followUp: verified,
                audit: audit.Note(procurementId, http.User.UserId(), "review finalized", assessmentId, $"verified report version {version} requested"));
        }
        catch (WorkflowException e)
        {
            page.Errors["confirm"] = e.Message;
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (StaleWriteException)
        {
            return await StaleAsync(http, page, ct, errorField: "confirm");
        }
        await queues.DispatchAsync(verified, ct);
        return new RedirectResult($"{page.PagePath}?finalized={version}#finalize");
    }

    /// <summary>The assessment if this user may see it: the procurement's owner, or the assigned expert (as <see cref="ReviewApi"/>).</summary>
    private async Task<ReviewModel?> LoadAsync(HttpContext http, string procurementId, string assessmentId, CancellationToken ct) =>
        await ReviewApi.VisibleAsync(http.User, procurementId, assessmentId, assessments, procurements, ct) is { } current
            ? ReviewModel.Of(current, http)
            : null;

    /// <summary>Nothing was saved: reload what is stored now, keep what was typed, and say so (next to the finalize box for that form).</summary>
    private async Task<IActionResult> StaleAsync(HttpContext http, ReviewModel sent, CancellationToken ct, string? errorField = null)
    {
        if (await LoadAsync(http, sent.Assessment.ProcurementId, sent.Assessment.Id, ct) is not { } page)
        {
            return NotFoundPage(http);
        }
        (page.Selected, page.FormLetter, page.FormPercent, page.FormNote) = (sent.Selected, sent.FormLetter, sent.FormPercent, sent.FormNote);
        page.FormError = page.T("This assessment was changed elsewhere in the meantime: reload the page and try again.",
            "Cette évaluation a été modifiée ailleurs entre-temps : rechargez la page et recommencez.");
        if (errorField is not null)
        {
            page.Errors[errorField] = page.FormError;
        }
        return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
    }

    /// <summary>The refusal of <see cref="CorrectionByAnotherExpertException"/> in the page's language, naming who made the correction.</summary>
    private static string ByAnotherExpert(ReviewModel page, RatingOverride correction, bool replace) => replace
        ? page.T($"The correction of {correction.Cell} was made by {correction.ExpertId}: only they can replace it. Nothing was saved.",
            $"La correction de {correction.Cell} a été faite par {correction.ExpertId} : seul cet expert peut la remplacer. Rien n'a été enregistré.")
        : page.T($"The correction of {correction.Cell} was made by {correction.ExpertId}: only they can remove it.",
            $"La correction de {correction.Cell} a été faite par {correction.ExpertId} : seul cet expert peut la retirer.");

    private static ViewResult NotFoundPage(HttpContext http) => PageView.Of(http, View, ReviewModel.NotFound(http), StatusCodes.Status404NotFound);

    /// <summary>A posted field as model binding gave it: the first value, null when blank.</summary>
    private static string? Posted(IFormCollection form, string name) => First(form[name]) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static string? First(StringValues values) => values.Count > 0 ? values[0] : null;

    /// <summary>
    /// The percentage when typed, else the letter (as <c>Rating.TryParse</c> reads them); a letter and a percentage given together
    /// must agree. Null with the reason otherwise.
    /// </summary>
    private static (Rating? Rating, string? Error) ParseRating(ReviewModel page, string? letter, string? percent)
    {
        var invalid = page.T("A rating is N, P, L, F or a percentage from 0 to 100.", "Une note est N, P, L, F ou un pourcentage de 0 à 100.");
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
        // Both given: they must agree (Rating.ReadsAs, DESIGN §2.2 rule 1), else neither is taken — 95 % is never stored for N.
        return chosen is { } c && !p.ReadsAs(c.Letter)
            ? (null, page.T(
                $"The rating letter {c.Letter} and the percentage {p.ShownPercent} % contradict each other ({p.ShownPercent} % is {p.Letter}): choose the letter that agrees with the percentage, or leave one of the two empty.",
                $"La lettre {c.Letter} et le pourcentage {p.ShownPercent} % se contredisent ({p.ShownPercent} % vaut {p.Letter}) : choisissez la lettre qui correspond au pourcentage, ou laissez l'un des deux vide."))
            : (p, null);
    }
}
