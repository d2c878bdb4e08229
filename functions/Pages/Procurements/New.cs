using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>The new-procurement form: the profiles to pick from, what was typed (kept as typed), and the messages by field.</summary>
public sealed class NewProcurementModel(IReadOnlyList<ConfidenceProfile> profiles)
{
    public const string DefaultProfileId = "government-web-hosting";

    /// <summary>
    /// The newest version of each profile (the one the API picks): the default one first, the other shipped ones, then
    /// those an administrator made.
    /// </summary>
    public IReadOnlyList<ConfidenceProfile> Profiles { get; } = profiles;

    public static bool IsCustom(ConfidenceProfile profile) => !ShippedData.Profiles.Contains(profile);

    public string? Name { get; init; }

    public string? ProjectManagerEmail { get; init; }

    public string? ProfileId { get; init; }

    public string? ActiveAlertLevel { get; init; }

    /// <summary>Kept as typed so that "seven" is answered with the rule, not lost.</summary>
    public string? BaselineLevel { get; init; }

    /// <summary>The due date as typed ("2027-01-15"; empty: 30 days from today), and its time zone (IANA; empty: Europe/Paris).</summary>
    public string? AnswersDue { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>Messages by field, named as in the API (name, projectManagerEmail, profileId, activeAlertLevel, baselineLevel, answersDue, timeZone).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The key of an error of the form as a whole (e.g. it had expired), shown at the top instead of the usual summary.</summary>
    public const string FormField = "form";

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <summary>How many rows the optional "Adjust targets" section offers (more on the procurement's targets page).</summary>
    public const int AdjustmentRowCount = 3;

    /// <summary>
    /// The "Adjust targets" rows as typed (blank rows are no adjustment); their fields are named as in the API's
    /// <c>adjustments</c> list: <c>adjustments[0].processArea</c>, <c>….alertLevel</c>, <c>….target</c>, <c>….reason</c>.
    /// </summary>
    public IReadOnlyList<TargetInput> Adjustments { get; set; } =
        [.. Enumerable.Repeat(new TargetInput(null, null, null, null), AdjustmentRowCount)];

    public static string AdjustmentField(int row, string field) => $"adjustments[{row}].{field}";

    /// <summary>An input id for a row's field ("[" and "." are awkward in CSS selectors and fragment links).</summary>
    public static string AdjustmentInputId(int row, string field) => $"adjustment-{row}-{field}";
}

/// <summary>
/// <c>/procurements/new</c>: creating a procurement — name, where reports go, the target confidence profile, its active
/// alert level, the uniform baseline and, optionally, a few targets adjusted for this procurement. Same rules and wording as <c>POST /api/procurements</c>; a success opens the
/// procurement, a form with errors comes back with what was typed and the messages next to the fields.
/// </summary>
public sealed class NewProcurementPages(ProcurementStore procurements, ProfileStore profiles, AuditTrail audit, TimeProvider time)
{
    private const string View = "Procurements/New";

    [Function(nameof(NewProcurementPage))]
    [RequireRole(Roles.ProjectManager)]
    [ShowsExpiredForm]
    public async Task<IActionResult> NewProcurementPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "procurements/new")] HttpRequest request, CancellationToken ct)
    {
        var http = request.HttpContext;
        var available = await ProfilesAsync(ct);
        if (!HttpMethods.IsPost(request.Method))
        {
            var userId = http.User.UserId();
            var first = available[0];
            return PageView.Of(http, View, new NewProcurementModel(available)
            {
                ProjectManagerEmail = ProcurementsApi.IsEmail(userId) ? userId : "",
                ProfileId = first.Id,
                ActiveAlertLevel = first.AlertLevels[0],
                BaselineLevel = first.BaselineLevel.ToString(CultureInfo.InvariantCulture),
            });
        }
        var form = await FormBody.ReadAsync(request, ct);
        var page = new NewProcurementModel(available)
        {
            Name = PageView.Field(form, "name"),
            ProjectManagerEmail = PageView.Field(form, "projectManagerEmail"),
            ProfileId = PageView.Field(form, "profileId"),
            ActiveAlertLevel = PageView.Field(form, "activeAlertLevel"),
            BaselineLevel = PageView.Field(form, "baselineLevel"),
            AnswersDue = PageView.Field(form, "answersDue"),
            TimeZone = PageView.Field(form, "timeZone"),
            Adjustments = [.. Enumerable.Range(0, NewProcurementModel.AdjustmentRowCount).Select(row => new TargetInput(
                PageView.Field(form, NewProcurementModel.AdjustmentField(row, ProcurementTargets.ProcessAreaField)),
                PageView.Field(form, NewProcurementModel.AdjustmentField(row, ProcurementTargets.AlertLevelField)),
                PageView.Field(form, NewProcurementModel.AdjustmentField(row, ProcurementTargets.TargetField)),
                PageView.Field(form, NewProcurementModel.AdjustmentField(row, ProcurementTargets.ReasonField))))],
        };
        if (FormCheck.Expired(http))
        {
            // An expired form from this site: shown again with what was typed, and nothing created.
            page.Errors[NewProcurementModel.FormField] = http.T("This form had expired, so nothing was created. What you typed is kept below: send it again.",
                "Ce formulaire avait expiré : rien n'a été créé. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le.");
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        var name = page.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            page.Errors["name"] = http.T("Give the procurement a name of 1 to 200 characters.", "Donnez à la consultation un nom de 1 à 200 caractères.");
        }
        else if (!Names.IsShowable(name))
        {
            page.Errors["name"] = Names.HiddenCharacters.In(PageLanguage.Of(http));
        }
        var profileId = page.ProfileId ?? NewProcurementModel.DefaultProfileId;
        var profile = available.FirstOrDefault(p => p.Id == profileId);
        var ids = string.Join(", ", available.Select(p => p.Id));
        if (profile is null)
        {
            page.Errors["profileId"] = http.T($"Unknown profile '{profileId}'. Available: {ids}.", $"Profil « {profileId} » inconnu. Disponibles : {ids}.");
        }
        else if (page.ActiveAlertLevel is { } level && !profile.HasAlertLevel(level))
        {
            var levels = string.Join(", ", profile.AlertLevels);
            page.Errors["activeAlertLevel"] = http.T($"'{level}' is not an alert level of {profile.Id} ({levels}).",
                $"« {level} » n'est pas un niveau d'alerte de {profile.Id} ({levels}).");
        }
        int? baseline = null;
        if (page.BaselineLevel is { } typed)
        {
            if (int.TryParse(typed.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 5)
            {
                baseline = parsed;
            }
            else
            {
                page.Errors["baselineLevel"] = http.T("The uniform baseline is a capability level from 0 to 5.", "La référence uniforme est un niveau de capacité de 0 à 5.");
            }
        }
        var email = page.ProjectManagerEmail?.Trim() ?? http.User.UserId();
        if (ProcurementsApi.EmailProblem(email, ProcurementsApi.ReportEmailMissing) is { } emailProblem)
        {
            page.Errors["projectManagerEmail"] = emailProblem.In(PageLanguage.Of(http));
        }
        var now = time.GetUtcNow();
        var (due, dueProblems) = AnswerDeadline.Read(page.AnswersDue, page.TimeZone, now);
        foreach (var (field, problem) in dueProblems)
        {
            page.Errors[field] = problem.In(PageLanguage.Of(http));
        }
        // The optional targets set for this procurement: rows left blank are none; the others are checked as the API does.
        var filled = page.Adjustments.Select((input, row) => (input, row))
            .Where(r => r.input is not { ProcessArea: null, AlertLevel: null, Target: null, Reason: null }).ToArray();
        IReadOnlyList<TargetAdjustment> adjustments = [];
        if (profile is not null)
        {
            var (read, problems) = ProcurementTargets.Read(profile, [.. filled.Select(r => r.input)]);
            adjustments = read;
            foreach (var problem in problems)
            {
                page.Errors.TryAdd(NewProcurementModel.AdjustmentField(filled[problem.Index].row, problem.Field), problem.Message.In(PageLanguage.Of(http)));
            }
        }
        if (page.Errors.Count > 0)
        {
            return PageView.Of(http, View, page, StatusCodes.Status400BadRequest);
        }
        var owner = http.User.UserId();
        // The project manager's emails and reports speak the language they created the procurement in (changeable on its page).
        var procurement = Procurement.Create(Ids.New(), owner, name, email, profile!, page.ActiveAlertLevel, baseline, now,
            PageLanguage.Of(http), due);
        var targetChanges = procurement.AdjustTargets(adjustments, []);
        await procurements.AddAsync(procurement, ct, [
            audit.Note(procurement.Id, owner, "procurement created", details: $"profile {profile!.Id} v{profile.Version}"),
            .. TargetsApi.Notes(audit, procurement, owner, targetChanges)]);
        return new LocalRedirectResult("/procurements/" + Uri.EscapeDataString(procurement.Id));
    }

    private async Task<IReadOnlyList<ConfidenceProfile>> ProfilesAsync(CancellationToken ct)
    {
        var custom = (await profiles.ListAsync(ct)).Select(p => p.Profile);
        return [.. ShippedData.Profiles.Concat(custom)
            .GroupBy(p => p.Id).Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.Id != NewProcurementModel.DefaultProfileId).ThenBy(NewProcurementModel.IsCustom).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }
}
