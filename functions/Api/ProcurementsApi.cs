using System.Net.Mail;
using System.Security.Claims;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Api;

public sealed record CreateProcurementRequest(string? Name, string? ProfileId, string? ActiveAlertLevel, int? BaselineLevel, string? ProjectManagerEmail);

public sealed record InviteRequest(string? SupplierName, string? SupplierEmail);

public sealed record AlertLevelRequest(string? AlertLevel);

/// <summary>The project manager's API: procurements, invitations, follow-up, ranking, alert level.</summary>
public static class ProcurementsApi
{
    public static IEndpointRouteBuilder MapProcurementsApi(this IEndpointRouteBuilder app)
    {
        app.MapFunction("ListProcurements", ListAsync).ForRole(Roles.ProjectManager).Produces<ProcurementView[]>();
        app.MapFunction("CreateProcurement", CreateAsync).ForRole(Roles.ProjectManager).Produces<ProcurementView>(StatusCodes.Status201Created).WithProblems(400);
        app.MapFunction("GetProcurement", GetAsync).ForRole(Roles.ProjectManager).Produces<ProcurementView>().WithProblems(404);
        app.MapFunction("ChangeAlertLevel", ChangeAlertLevelAsync).ForRole(Roles.ProjectManager).WithProblems(400, 404);
        app.MapFunction("Ranking", RankingAsync).ForRole(Roles.ProjectManager).WithProblems(404);
        app.MapFunction("AuditTrail", AuditAsync).ForRole(Roles.ProjectManager).WithProblems(404);
        app.MapFunction("InviteSupplier", InviteAsync).ForRole(Roles.ProjectManager).WithProblems(400, 404);
        app.MapFunction("ResendLink", ResendAsync).ForRole(Roles.ProjectManager).WithProblems(404, 409, 412);
        app.MapFunction("RevokeLink", RevokeAsync).ForRole(Roles.ProjectManager).WithProblems(404, 412);
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ProcurementStore procurements, CancellationToken ct) =>
        Results.Ok((await procurements.ListAsync(user.UserId(), ct)).Select(p => ProcurementView.From(p)));

    private static async Task<IResult> CreateAsync(
        CreateProcurementRequest request, ClaimsPrincipal user, ProcurementStore procurements, ProfileStore profiles, AuditTrail audit,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["name"] = ["Give the procurement a name of 1 to 200 characters."];
        }
        var profileId = request.ProfileId ?? "government-web-hosting";
        // The newest version of a shipped profile, else of a custom one (read only when the id is not shipped).
        var profile = ShippedData.Profiles.Where(p => p.Id == profileId).MaxBy(p => p.Version)
            ?? (await profiles.LatestAsync(profileId, ct))?.Profile;
        if (profile is null)
        {
            var available = ShippedData.Profiles.Select(p => p.Id).Concat((await profiles.ListAsync(ct)).Select(p => p.Profile.Id)).Distinct();
            errors["profileId"] = [$"Unknown profile '{profileId}'. Available: {string.Join(", ", available)}."];
        }
        else if (request.ActiveAlertLevel is { } level && !profile.HasAlertLevel(level))
        {
            errors["activeAlertLevel"] = [$"'{level}' is not an alert level of {profile.Id} ({string.Join(", ", profile.AlertLevels)})."];
        }
        if (request.BaselineLevel is < 0 or > 5)
        {
            errors["baselineLevel"] = ["The uniform baseline is a capability level from 0 to 5."];
        }
        var email = (request.ProjectManagerEmail ?? user.UserId()).Trim();
        if (!IsEmail(email))
        {
            errors["projectManagerEmail"] = ["Give the email address where reports should go."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The procurement could not be created.");
        }
        var procurement = Procurement.Create(Ids.New(), user.UserId(), name, email, profile!, request.ActiveAlertLevel, request.BaselineLevel, time.GetUtcNow());
        await procurements.AddAsync(procurement, ct);
        await audit.RecordAsync(procurement.Id, user.UserId(), "procurement created", details: $"profile {profile!.Id} v{profile.Version}", cancellationToken: ct);
        return Results.Created($"/api/procurements/{procurement.Id}", ProcurementView.From(procurement, []));
    }

    private static async Task<IResult> GetAsync(string procurementId, ClaimsPrincipal user, ProcurementStore procurements, AssessmentStore assessments, CancellationToken ct)
    {
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var list = await assessments.ListAsync(procurement.Id, ct);
        return Results.Ok(ProcurementView.From(procurement,
            list.OrderBy(a => a.Assessment.InvitedAt).Select(a => AssessmentView.From(AssessmentLoader.With(a, procurement))).ToArray()));
    }

    private static async Task<IResult> RankingAsync(string procurementId, ClaimsPrincipal user, ProcurementStore procurements, AssessmentStore assessments, CancellationToken ct)
    {
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var bidders = RankingEntry.Of(procurement, AssessmentLoader.ProfileOf(procurement), (await assessments.ListAsync(procurement.Id, ct)).Select(s => s.Assessment));
        return Results.Ok(new { procurementId = procurement.Id, alertLevel = procurement.ActiveAlertLevel, bidders });
    }

    private static async Task<IResult> AuditAsync(string procurementId, ClaimsPrincipal user, ProcurementStore procurements, AuditTrail audit, CancellationToken ct) =>
        await procurements.FindAsync(user.UserId(), procurementId, ct) is null
            ? Problems.NotFound("procurement")
            : Results.Ok(await audit.ListAsync(procurementId, cancellationToken: ct));

    private static async Task<IResult> ChangeAlertLevelAsync(
        string procurementId, AlertLevelRequest request, ClaimsPrincipal user, ProcurementStore procurements, AlertLevelChange change, CancellationToken ct)
    {
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        if (request.AlertLevel is not { } level || !profile.HasAlertLevel(level))
        {
            return Problems.Invalid("alertLevel", $"Choose one of the profile's alert levels: {string.Join(", ", profile.AlertLevels)}.");
        }
        var recomputed = await change.ApplyAsync(procurement, level, user.UserId(), ct);
        return Results.Ok(new { procurementId = procurement.Id, alertLevel = level, reportsRecomputed = recomputed });
    }

    private static async Task<IResult> InviteAsync(
        string procurementId, InviteRequest request, ClaimsPrincipal user, ProcurementStore procurements, AssessmentStore assessments,
        Invitations invitations, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var errors = new Dictionary<string, string[]>();
        var name = request.SupplierName?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["supplierName"] = ["Give the supplier's name (1 to 200 characters)."];
        }
        if (request.SupplierEmail is not { } email || !IsEmail(email))
        {
            errors["supplierEmail"] = ["Give the supplier's email address: the personal link is sent there."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The supplier could not be invited.");
        }
        var (assessment, link) = Assessment.Invite(procurement.Id, name, request.SupplierEmail!.Trim(), ShippedData.CurrentTemplate, time.GetUtcNow());
        await assessments.AddAsync(assessment, procurement.OwnerId, ct);
        await audit.RecordAsync(procurement.Id, user.UserId(), "supplier invited", assessment.Id, cancellationToken: ct);
        var emailed = await invitations.SendAsync(procurement, assessment, link, ct);
        var stored = new StoredAssessment(assessment, procurement.OwnerId, default);
        return Results.Created($"/api/procurements/{procurement.Id}/assessments/{assessment.Id}",
            new { assessment = AssessmentView.From(AssessmentLoader.With(stored, procurement)), invitationEmailed = emailed });
    }

    private static async Task<IResult> ResendAsync(
        string procurementId, string assessmentId, ClaimsPrincipal user, ProcurementStore procurements, AssessmentStore assessments,
        Invitations invitations, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement
            || await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return Problems.NotFound("assessment");
        }
        var link = stored.Assessment.RenewLink(time.GetUtcNow());
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        await audit.RecordAsync(procurementId, user.UserId(), "link resent", assessmentId, cancellationToken: ct);
        var emailed = await invitations.SendAsync(procurement, stored.Assessment, link, ct);
        return Results.Ok(new { assessmentId, linkExpiresAt = stored.Assessment.LinkExpiresAt, invitationEmailed = emailed });
    }

    private static async Task<IResult> RevokeAsync(
        string procurementId, string assessmentId, ClaimsPrincipal user, AssessmentStore assessments, AuditTrail audit, CancellationToken ct)
    {
        // The assessment row names the procurement's owner: one read, no procurement needed.
        if (await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored || stored.OwnerId != user.UserId())
        {
            return Problems.NotFound("assessment");
        }
        stored.Assessment.RevokeLink();
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        await audit.RecordAsync(procurementId, user.UserId(), "link revoked", assessmentId, cancellationToken: ct);
        return Results.Ok(new { assessmentId, linkRevoked = true });
    }

    internal static bool IsEmail(string? value) =>
        value is { Length: > 3 and <= 254 } && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();
}

/// <summary>The invitation email with the supplier's personal link (sent at once; a failure leaves the invitation to be resent).</summary>
public sealed class Invitations(IMailer mailer, AppLinks links, ILogger<Invitations> logger)
{
    public async Task<bool> SendAsync(Procurement procurement, Assessment assessment, SupplierLink link, CancellationToken ct)
    {
        var url = links.Questionnaire(link.Token);
        var name = System.Net.WebUtility.HtmlEncode(assessment.SupplierName);
        var project = System.Net.WebUtility.HtmlEncode(procurement.Name);
        var text = $"Hello {assessment.SupplierName},\n\nYou are invited to answer the security questionnaire of the procurement \"{procurement.Name}\".\n" +
                   $"Open your personal link (valid until {assessment.LinkExpiresAt:yyyy-MM-dd}):\n{url}\n\n" +
                   "You can save your answers and come back as often as you need; submitting is final. Keep this link to yourself.\n";
        var html = $"<p>Hello {name},</p><p>You are invited to answer the security questionnaire of the procurement <strong>{project}</strong>.</p>" +
                   $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(url.ToString())}\">Open your questionnaire</a> (valid until {assessment.LinkExpiresAt:yyyy-MM-dd}).</p>" +
                   "<p>You can save your answers and come back as often as you need; submitting is final. Keep this link to yourself.</p>";
        try
        {
            await mailer.SendAsync(new EmailMessage(assessment.SupplierEmail, assessment.SupplierName,
                $"Security questionnaire for {procurement.Name}", html, text, $"invitation:{assessment.Id}:{link.SecretHash[..8]}"), ct);
            return true;
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning("Invitation email for {AssessmentId} failed ({Status}); the project manager can resend it", assessment.Id, e.StatusCode);
            return false;
        }
    }
}
