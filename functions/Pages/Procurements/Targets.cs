using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>
/// The targets page's grid: one row per process area, one column per alert level of the profile the procurement was
/// created on (<see cref="Profile"/>); each cell's target and reason as shown (typed, else the procurement's, else the
/// profile's), the messages by field (<c>target.PA08.high</c>, <c>reason.PA08.high</c>, or <see cref="FormField"/>).
/// </summary>
public sealed class TargetsModel(Procurement procurement, ConfidenceProfile profile, Assessment? reported)
{
    /// <summary>The key of a message about the form as a whole (expired, changed meanwhile, fixed), shown at the top.</summary>
    public const string FormField = "form";

    public Procurement Procurement { get; } = procurement;

    /// <summary>The profile the procurement was created on: the "profile's target" shown in each cell.</summary>
    public ConfidenceProfile Profile { get; } = profile;

    /// <summary>The first supplier with a report, when there is one: the targets are then fixed and the page read-only.</summary>
    public Assessment? Reported { get; } = reported;

    public bool ReadOnly => Reported is not null || Procurement.Closed;

    /// <summary>What was posted, by field name, kept as typed when the form comes back.</summary>
    public Dictionary<string, string?> Typed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The outcome of the last save, shown once after the redirect.</summary>
    public string? Notice { get; set; }

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public static string TargetField(ProcessAreaId pa, string alertLevel) => $"target.{pa.Id}.{alertLevel}";

    public static string ReasonField(ProcessAreaId pa, string alertLevel) => $"reason.{pa.Id}.{alertLevel}";

    /// <summary>Input ids by alert-level position (an alert level's name may hold characters an id should not).</summary>
    public static string TargetInputId(ProcessAreaId pa, int level) => $"target-{pa.Id}-{level}";

    public static string ReasonInputId(ProcessAreaId pa, int level) => $"reason-{pa.Id}-{level}";

    /// <summary>The hidden fields holding the target and reason as saved when the page was shown: what this copy started from.</summary>
    public static string SeenTargetField(ProcessAreaId pa, string alertLevel) => $"seen.{TargetField(pa, alertLevel)}";

    public static string SeenReasonField(ProcessAreaId pa, string alertLevel) => $"seen.{ReasonField(pa, alertLevel)}";

    /// <summary>The target saved now (the adjusted one, else the profile's), as the form writes it.</summary>
    public string SavedTarget(ProcessAreaId pa, string alertLevel) =>
        (Adjusted(pa, alertLevel)?.Target ?? Profile.Target(alertLevel, pa)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reason saved now ("" for a cell at the profile's target).</summary>
    public string SavedReason(ProcessAreaId pa, string alertLevel) => Adjusted(pa, alertLevel)?.Reason ?? "";

    public AdjustedTarget? Adjusted(ProcessAreaId pa, string alertLevel) =>
        Procurement.TargetAdjustments.FirstOrDefault(a => a.ProcessArea == pa && a.AlertLevel == alertLevel);

    public string? TargetShown(ProcessAreaId pa, string alertLevel) =>
        Typed.TryGetValue(TargetField(pa, alertLevel), out var typed)
            ? typed
            : (Adjusted(pa, alertLevel)?.Target ?? Profile.Target(alertLevel, pa)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string? ReasonShown(ProcessAreaId pa, string alertLevel) =>
        Typed.TryGetValue(ReasonField(pa, alertLevel), out var typed) ? typed : Adjusted(pa, alertLevel)?.Reason;
}

/// <summary>
/// <c>/procurements/{procurementId}/targets</c>: the project manager sets this procurement's targets (issue 10, part 4),
/// as <c>PUT /api/procurements/{procurementId}/targets</c> does (same rules, audit entries). A cell left at the
/// profile's target is no adjustment; a changed cell needs a one-line reason. Bad input: the page again (400) with the
/// messages next to the cells and everything typed kept. Once a supplier has a report the page is read-only and says why.
/// </summary>
public sealed class TargetsPages(ProcurementStore procurements, AssessmentStore assessments, AuditTrail audit)
{
    private const string View = "Procurements/Targets";
    private const string NoticeKey = "TargetsNotice";

    [Function(nameof(TargetsPage))]
    [RequireRole(Roles.ProjectManager)]
    [ShowsExpiredForm]
    public async Task<IActionResult> TargetsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "procurements/{procurementId}/targets")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (await procurements.FindAsync(http.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return ProcurementTexts.NotFoundPage(http);
        }
        var suppliers = (await assessments.ListAsync(procurement.Id, ct)).Select(s => s.Assessment).ToArray();
        var page = new TargetsModel(procurement, ProcurementTargets.CreatedOn(procurement), suppliers.FirstOrDefault(a => a.ReportVersion > 0));
        if (!HttpMethods.IsPost(request.Method))
        {
            var flash = PageView.TempData(http);
            page.Notice = flash[NoticeKey + "." + PageLanguage.Of(http)] as string;
            _ = flash[NoticeKey + "." + (PageLanguage.Of(http) == "fr" ? "en" : "fr")];
            flash.Save();
            return PageView.Of(http, View, page);
        }
        var form = await FormBody.ReadAsync(request, ct);
        var cells = ProcessAreaId.All.SelectMany(pa => page.Profile.AlertLevels.Select(level => (pa, level))).ToArray();
        foreach (var (pa, level) in cells)
        {
            page.Typed[TargetsModel.TargetField(pa, level)] = form[TargetsModel.TargetField(pa, level)].ToString();
            page.Typed[TargetsModel.ReasonField(pa, level)] = form[TargetsModel.ReasonField(pa, level)].ToString();
        }
        if (FormCheck.Expired(http))
        {
            page.Errors[TargetsModel.FormField] = http.T("This form had expired, so nothing was saved. What you typed is kept below: send it again.",
                "Ce formulaire avait expiré : rien n'a été enregistré. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le.");
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        if (page.ReadOnly)
        {
            page.Errors[TargetsModel.FormField] = http.T("Nothing was saved: the targets are fixed now (see below).", "Rien n'a été enregistré : les cibles sont désormais figées (voir ci-dessous).");
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        if (form["targetsVersion"].ToString() != ProcurementTargets.VersionOf(procurement))
        {
            // Edited from a stale copy (another tab, another person): the cells this copy did not touch take what was saved
            // meanwhile, so that nothing saved elsewhere is undone unseen; a cell changed on both sides is a conflict, shown
            // next to the cell with the value saved meanwhile, and nothing is saved until the user sends the form again.
            var conflicts = 0;
            foreach (var (pa, level) in cells)
            {
                var (targetField, reasonField) = (TargetsModel.TargetField(pa, level), TargetsModel.ReasonField(pa, level));
                var (seenTarget, seenReason) = (form[TargetsModel.SeenTargetField(pa, level)].ToString(), form[TargetsModel.SeenReasonField(pa, level)].ToString());
                var (savedTarget, savedReason) = (page.SavedTarget(pa, level), page.SavedReason(pa, level));
                var touched = page.Typed[targetField]?.Trim() != seenTarget || (page.Typed[reasonField] ?? "") != seenReason;
                var changedMeanwhile = savedTarget != seenTarget || savedReason != seenReason;
                if (!touched)
                {
                    (page.Typed[targetField], page.Typed[reasonField]) = (savedTarget, savedReason);
                }
                else if (changedMeanwhile)
                {
                    conflicts++;
                    page.Errors[targetField] = http.T($"Changed meanwhile to {savedTarget}{(savedReason.Length > 0 ? $" ({savedReason})" : "")}; yours is kept here: send the form again to keep it.",
                        $"Changée entre-temps à {savedTarget}{(savedReason.Length > 0 ? $" ({savedReason})" : "")} ; la vôtre est gardée ici : renvoyez le formulaire pour la garder.");
                }
            }
            if (conflicts > 0)
            {
                page.Errors[TargetsModel.FormField] = http.T(
                    "The targets were changed elsewhere since this page was opened; nothing was saved. The cells you did not touch now show what was saved meanwhile; the cells changed on both sides say so. Send the form again to save.",
                    "Les cibles ont été modifiées ailleurs depuis l'ouverture de cette page ; rien n'a été enregistré. Les cases que vous n'avez pas touchées montrent ce qui a été enregistré entre-temps ; les cases changées des deux côtés le signalent. Renvoyez le formulaire pour enregistrer.");
                return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
            }
        }
        // Only the cells whose typed target is not the profile's are adjustments (one left at it withdraws any).
        var inputs = new List<(ProcessAreaId Pa, string Level, TargetInput Input)>();
        foreach (var (pa, level) in cells)
        {
            var typed = page.Typed[TargetsModel.TargetField(pa, level)]?.Trim();
            if (typed != page.Profile.Target(level, pa).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                inputs.Add((pa, level, new TargetInput(pa.Id, level, typed, page.Typed[TargetsModel.ReasonField(pa, level)])));
            }
        }
        var (adjustments, errors) = ProcurementTargets.Read(page.Profile, [.. inputs.Select(i => i.Input)]);
        foreach (var error in errors)
        {
            var (pa, level, _) = inputs[error.Index];
            var field = error.Field == ProcurementTargets.ReasonField ? TargetsModel.ReasonField(pa, level) : TargetsModel.TargetField(pa, level);
            page.Errors.TryAdd(field, error.Message.In(PageLanguage.Of(http)));
        }
        if (page.Errors.Count > 0)
        {
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        IReadOnlyList<TargetChange> changes;
        try
        {
            changes = procurement.AdjustTargets(adjustments, suppliers);
            if (changes.Count > 0)
            {
                await procurements.SaveAsync(procurement, ct, [.. TargetsApi.Notes(audit, procurement, http.User.UserId(), changes)]);
            }
        }
        catch (WorkflowException)
        {
            page.Errors[TargetsModel.FormField] = http.T("Nothing was saved: the targets are fixed now (see below).", "Rien n'a été enregistré : les cibles sont désormais figées (voir ci-dessous).");
            return PageView.Of(http, View, page, StatusCodes.Status409Conflict);
        }
        catch (StaleWriteException)
        {
            page.Errors[TargetsModel.FormField] = http.T(
                "Someone changed this procurement at the same time; nothing was saved. What you typed is kept below: reload the page to see the current targets, or send it again.",
                "Quelqu'un a modifié cette consultation au même moment ; rien n'a été enregistré. Ce que vous avez saisi est gardé ci-dessous : rechargez la page pour voir les cibles actuelles, ou renvoyez-le.");
            return PageView.Of(http, View, page, StatusCodes.Status412PreconditionFailed); // every cell shows what was typed
        }
        var count = procurement.TargetAdjustments.Count;
        var flashOut = PageView.TempData(http);
        flashOut[NoticeKey + ".en"] = count switch
        {
            0 => "Saved: this procurement uses the profile's targets.",
            1 => "Saved: 1 target differs from the profile's.",
            _ => $"Saved: {count} targets differ from the profile's.",
        };
        flashOut[NoticeKey + ".fr"] = count switch
        {
            0 => "Enregistré : cette consultation utilise les cibles du profil.",
            1 => "Enregistré : 1 cible diffère de celle du profil.",
            _ => $"Enregistré : {count} cibles diffèrent de celles du profil.",
        };
        flashOut.Save();
        return new LocalRedirectResult($"/procurements/{Uri.EscapeDataString(procurement.Id)}/targets");
    }
}
