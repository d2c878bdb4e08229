using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using AuditStore = SupplierAssessment.Adapters.Storage.AuditTrail;

namespace SupplierAssessment.Functions.Api;

/// <summary>The body of <c>POST /api/procurements</c>; only the name is required (checks in <see cref="ProcurementFunctions.CreateProcurement"/>).</summary>
public sealed record CreateProcurementRequest(string? Name, string? ProfileId, string? ActiveAlertLevel, int? BaselineLevel, string? ProjectManagerEmail,
    string? Language = null, IReadOnlyList<TargetAdjustmentRequest?>? Adjustments = null);

/// <summary>The body of <c>POST …/invitations</c>: who to send the personal link to.</summary>
public sealed record InviteRequest(string? SupplierName, string? SupplierEmail, string? Language = null);

/// <summary>The body of <c>PUT …/alert-level</c>: one of the profile's alert levels.</summary>
public sealed record AlertLevelRequest(string? AlertLevel);

/// <summary>Input rules the procurements API shares with the procurement pages.</summary>
public static class ProcurementsApi
{
    /// <summary>A single plain address (3 to 254 characters, no display name), as <see cref="MailAddress"/> reads it.</summary>
    internal static bool IsEmail(string? value) =>
        value is { Length: > 3 and <= 254 } && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();
}

/// <summary>
/// The project manager's API: procurements, invitations, follow-up, ranking, alert level. Every function needs the
/// project manager role, and sees only the caller's own procurements (another's is a 404, as a missing one).
/// </summary>
public sealed class ProcurementFunctions(
    ProcurementStore procurements, AssessmentStore assessments, ProfileStore profiles, AuditStore audit, Invitations invitations,
    AlertLevelChange alertLevels, TimeProvider time)
{
    /// <summary><c>GET /api/procurements</c>: the caller's procurements, without their assessments.</summary>
    [Function(nameof(ListProcurements))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType<ProcurementView[]>(StatusCodes.Status200OK)]
    public async Task<IResult> ListProcurements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements")] HttpRequest request, CancellationToken ct) =>
        Results.Ok((await procurements.ListAsync(request.HttpContext.User.UserId(), ct)).Select(p => ProcurementView.From(p)));

    /// <summary>
    /// <c>POST /api/procurements</c>: a procurement on the newest version of a shipped profile, else of a custom one
    /// (default <c>government-web-hosting</c>). 201 with its location; 400 naming each invalid field (name 1–200
    /// characters, known profile, one of its alert levels, baseline 0–5, the project manager's email, stored trimmed).
    /// Optional <c>adjustments</c>: targets set for this procurement, as <see cref="TargetFunctions.SetTargets"/> takes them.
    /// </summary>
    [Function(nameof(CreateProcurement))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(CreateProcurementRequest), "application/json")]
    [ProducesResponseType<ProcurementView>(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> CreateProcurement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements")] HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CreateProcurementRequest>(request, ct);
        var user = request.HttpContext.User;
        var errors = new Dictionary<string, string[]>();
        var name = body.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["name"] = ["Give the procurement a name of 1 to 200 characters."];
        }
        else if (!Names.IsShowable(name))
        {
            errors["name"] = [Names.HiddenCharacters.En];
        }
        var profileId = body.ProfileId ?? "government-web-hosting";
        // The newest version of a shipped profile, else of a custom one (read only when the id is not shipped).
        var profile = ShippedData.Profiles.Where(p => p.Id == profileId).MaxBy(p => p.Version)
            ?? (await profiles.LatestAsync(profileId, ct))?.Profile;
        if (profile is null)
        {
            var available = ShippedData.Profiles.Select(p => p.Id).Concat((await profiles.ListAsync(ct)).Select(p => p.Profile.Id)).Distinct();
            errors["profileId"] = [$"Unknown profile '{profileId}'. Available: {string.Join(", ", available)}."];
        }
        else if (body.ActiveAlertLevel is { } level && !profile.HasAlertLevel(level))
        {
            errors["activeAlertLevel"] = [$"'{level}' is not an alert level of {profile.Id} ({string.Join(", ", profile.AlertLevels)})."];
        }
        if (body.BaselineLevel is < 0 or > 5)
        {
            errors["baselineLevel"] = ["The uniform baseline is a capability level from 0 to 5."];
        }
        var email = (body.ProjectManagerEmail ?? user.UserId()).Trim();
        if (!ProcurementsApi.IsEmail(email))
        {
            errors["projectManagerEmail"] = ["Give the email address where reports should go."];
        }
        if (body.Language is { } language && !LocalizedText.Languages.Contains(language))
        {
            errors["language"] = ["The project manager's language is \"en\" or \"fr\"."];
        }
        var adjustments = profile is null ? [] : TargetsApi.Read(profile, body.Adjustments, errors, required: false);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The procurement could not be created.");
        }
        // The language of the project manager's emails and reports: asked for, else the one they read the site in.
        var procurement = Procurement.Create(Ids.New(), user.UserId(), name, email, profile!, body.ActiveAlertLevel, body.BaselineLevel, time.GetUtcNow(),
            body.Language ?? PageLanguage.Of(request.HttpContext));
        var targetChanges = procurement.AdjustTargets(adjustments, []);
        await procurements.AddAsync(procurement, ct);
        await audit.RecordAsync(procurement.Id, user.UserId(), "procurement created", details: $"profile {profile!.Id} v{profile.Version}", cancellationToken: ct);
        await TargetsApi.RecordAsync(audit, procurement, user.UserId(), targetChanges, ct);
        return Results.Created($"/api/procurements/{procurement.Id}", ProcurementView.From(procurement, []));
    }

    /// <summary><c>GET /api/procurements/{procurementId}</c>: the procurement with its suppliers' assessments, oldest invitation first.</summary>
    [Function(nameof(GetProcurement))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType<ProcurementView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetProcurement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        if (await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var list = await assessments.ListAsync(procurement.Id, ct);
        return Results.Ok(ProcurementView.From(procurement,
            list.OrderBy(a => a.Assessment.InvitedAt).Select(a => AssessmentView.From(AssessmentLoader.With(a, procurement))).ToArray()));
    }

    /// <summary><c>GET …/ranking</c>: <c>{ procurementId, alertLevel, bidders }</c>, bidders as <see cref="RankingEntry.Of"/> ranks them.</summary>
    [Function(nameof(Ranking))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Ranking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/ranking")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        if (await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var bidders = RankingEntry.Of(procurement, AssessmentLoader.ProfileOf(procurement), (await assessments.ListAsync(procurement.Id, ct)).Select(s => s.Assessment));
        return Results.Ok(new { procurementId = procurement.Id, alertLevel = procurement.ActiveAlertLevel, bidders });
    }

    /// <summary><c>GET …/audit</c>: the procurement's audit trail, newest first.</summary>
    [Function(nameof(AuditTrail))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> AuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/audit")] HttpRequest request,
        string procurementId, CancellationToken ct) =>
        await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is null
            ? Problems.NotFound("procurement")
            : Results.Ok(await audit.ListAsync(procurementId, cancellationToken: ct));

    /// <summary>
    /// <c>PUT …/alert-level</c> with <c>{ "alertLevel": "high" }</c>: switches the level the gap is measured at
    /// (<see cref="AlertLevelChange"/>); 400 unless it is one of the profile's alert levels, 412 when the procurement
    /// changed meanwhile. Answers <c>{ reportsRecomputed, reportsNotYetRequested }</c>: when the second is above 0, the
    /// same call again requests those reports.
    /// </summary>
    [Function(nameof(ChangeAlertLevel))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(AlertLevelRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> ChangeAlertLevel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/alert-level")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AlertLevelRequest>(request, ct);
        var user = request.HttpContext.User;
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        if (body.AlertLevel is not { } level || !profile.HasAlertLevel(level))
        {
            return Problems.Invalid("alertLevel", $"Choose one of the profile's alert levels: {string.Join(", ", profile.AlertLevels)}.");
        }
        var (recomputed, notRequested) = await alertLevels.ApplyAsync(procurement, level, user.UserId(), ct);
        return Results.Ok(new { procurementId = procurement.Id, alertLevel = level, reportsRecomputed = recomputed, reportsNotYetRequested = notRequested });
    }

    /// <summary>
    /// <c>POST …/invitations</c> with <c>{ supplierName, supplierEmail }</c>: a new assessment and its personal link,
    /// emailed at once. 201 <c>{ assessment, invitationEmailed }</c> (false: the email failed, resend it later).
    /// </summary>
    [Function(nameof(InviteSupplier))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(InviteRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> InviteSupplier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/invitations")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<InviteRequest>(request, ct);
        var user = request.HttpContext.User;
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var errors = new Dictionary<string, string[]>();
        var name = body.SupplierName?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["supplierName"] = ["Give the supplier's name (1 to 200 characters)."];
        }
        else if (!Names.IsShowable(name))
        {
            errors["supplierName"] = [Names.HiddenCharacters.En];
        }
        if (body.SupplierEmail is not { } email || !ProcurementsApi.IsEmail(email))
        {
            errors["supplierEmail"] = ["Give the supplier's email address: the personal link is sent there."];
        }
        if (body.Language is { } language && !LocalizedText.Languages.Contains(language))
        {
            errors["language"] = ["The supplier's language is \"en\" or \"fr\"."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The supplier could not be invited.");
        }
        // The supplier's language: asked for, else the project manager's own.
        var (assessment, link) = Assessment.Invite(procurement.Id, name, body.SupplierEmail!.Trim(), ShippedData.CurrentTemplate, time.GetUtcNow(),
            supplierLanguage: body.Language ?? procurement.ProjectManagerLanguage);
        await assessments.AddAsync(assessment, procurement.OwnerId, ct);
        await audit.RecordAsync(procurement.Id, user.UserId(), "supplier invited", assessment.Id, cancellationToken: ct);
        var emailed = await invitations.SendAsync(procurement, assessment, link, ct);
        var stored = new StoredAssessment(assessment, procurement.OwnerId, default);
        return Results.Created($"/api/procurements/{procurement.Id}/assessments/{assessment.Id}",
            new { assessment = AssessmentView.From(AssessmentLoader.With(stored, procurement)), invitationEmailed = emailed });
    }

    /// <summary><c>POST …/resend</c>: a new personal link (the old one stops working), emailed; 409 once the supplier has submitted.</summary>
    [Function(nameof(ResendLink))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> ResendLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/resend")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var user = request.HttpContext.User;
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

    /// <summary><c>POST …/revoke</c>: the supplier's link stops working at once.</summary>
    [Function(nameof(RevokeLink))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> RevokeLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/revoke")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var user = request.HttpContext.User;
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
}

/// <summary>The invitation email with the supplier's personal link (sent at once; a failure leaves the invitation to be resent).</summary>
public sealed class Invitations(IMailer mailer, AppLinks links, ILogger<Invitations> logger)
{
    /// <summary>Emails <paramref name="link"/> to the supplier: true once sent, false when delivery failed (logged, never thrown).</summary>
    public async Task<bool> SendAsync(Procurement procurement, Assessment assessment, SupplierLink link, CancellationToken ct)
    {
        // In the supplier's language, and the link opens the questionnaire in it.
        var language = assessment.SupplierLanguage;
        var (subject, html, text) = SupplierEmails.Invitation(assessment.SupplierName, procurement.Name,
            links.Questionnaire(link.Token, language), assessment.LinkExpiresAt, language);
        try
        {
            await mailer.SendAsync(new EmailMessage(assessment.SupplierEmail, assessment.SupplierName,
                subject, html, text, $"invitation:{assessment.Id}:{link.SecretHash[..8]}"), ct);
            return true;
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning("Invitation email for {AssessmentId} failed ({Status}); the project manager can resend it", assessment.Id, e.StatusCode);
            return false;
        }
    }
}

