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
    string? Language = null, string? AnswersDue = null, string? TimeZone = null, IReadOnlyList<TargetAdjustmentRequest?>? Adjustments = null);

/// <summary>The body of <c>PUT …/answers-due</c>: the new due date ("2027-01-15"), read in the procurement's time zone.</summary>
public sealed record AnswersDueRequest(string? AnswersDue, string? TimeZone = null);

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

    /// <summary>What the supplier's email field asks for when it is empty.</summary>
    internal static readonly LocalizedText SupplierEmailMissing = new("Give the supplier's email address: the personal link is sent there.",
        "Indiquez l'adresse électronique du fournisseur : le lien personnel y est envoyé.");

    /// <summary>What the report email field asks for when it is empty.</summary>
    internal static readonly LocalizedText ReportEmailMissing = new("Give the email address where reports should go.",
        "Indiquez l'adresse électronique où envoyer les rapports.");

    /// <summary>
    /// Why <paramref name="value"/> is not one address to send to, in both languages — <paramref name="missing"/> when it
    /// is empty, else that what was typed is not an address — or null when it is one (<see cref="IsEmail"/>).
    /// </summary>
    internal static LocalizedText? EmailProblem(string? value, LocalizedText missing)
    {
        if (IsEmail(value))
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            return missing;
        }
        var typed = value.Trim();
        var shown = typed.Length > 60 ? typed[..60] + "…" : typed;
        return new($"“{shown}” is not an email address: give one address, like name@company.example.",
            $"« {shown} » n'est pas une adresse électronique : indiquez une seule adresse, comme nom@entreprise.example.");
    }

    /// <summary>An <see cref="EmailOutcome"/> as the API says it: <c>sent</c>, <c>willRetry</c> or <c>refused</c>.</summary>
    internal static string Outcome(EmailOutcome outcome) => outcome switch
    {
        EmailOutcome.Sent => "sent",
        EmailOutcome.WillRetry => "willRetry",
        _ => "refused",
    };
}

/// <summary>
/// The project manager's API: procurements, invitations, follow-up, ranking, alert level. Every function needs the
/// project manager role, and sees only the caller's own procurements (another's is a 404, as a missing one).
/// </summary>
public sealed class ProcurementFunctions(
    ProcurementStore procurements, AssessmentStore assessments, ProfileStore profiles, AuditStore audit, SupplierActions suppliers,
    AlertLevelChange alertLevels, SupplierMail mail, TimeProvider time)
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
        if (ProcurementsApi.EmailProblem(email, ProcurementsApi.ReportEmailMissing) is { } emailProblem)
        {
            errors["projectManagerEmail"] = [emailProblem.En];
        }
        if (body.Language is { } language && !LocalizedText.Languages.Contains(language))
        {
            errors["language"] = ["The project manager's language is \"en\" or \"fr\"."];
        }
        var now = time.GetUtcNow();
        var (due, dueProblems) = AnswerDeadline.Read(body.AnswersDue, body.TimeZone, now);
        foreach (var (field, problem) in dueProblems)
        {
            errors[field] = [problem.En];
        }
        var adjustments = profile is null ? [] : TargetsApi.Read(profile, body.Adjustments, errors, required: false);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The procurement could not be created.");
        }
        // The language of the project manager's emails and reports: asked for, else the one they read the site in.
        var procurement = Procurement.Create(Ids.New(), user.UserId(), name, email, profile!, body.ActiveAlertLevel, body.BaselineLevel, now,
            body.Language ?? PageLanguage.Of(request.HttpContext), due);
        var targetChanges = procurement.AdjustTargets(adjustments, []);
        await procurements.AddAsync(procurement, ct, [
            audit.Note(procurement.Id, user.UserId(), "procurement created", details: $"profile {profile!.Id} v{profile.Version}"),
            .. TargetsApi.Notes(audit, procurement, user.UserId(), targetChanges)]);
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
        var waiting = await mail.WaitingAsync(procurement.Id, list, ct);
        SetVersion(request, procurement);
        return Results.Ok(ProcurementView.From(procurement, list.OrderBy(a => a.Assessment.InvitedAt)
            .Select(a => AssessmentView.From(AssessmentLoader.With(a, procurement), waiting.GetValueOrDefault(a.Assessment.Id))).ToArray()));
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

    /// <summary><c>GET …/audit</c>: the procurement's whole audit trail, newest first (the page shows the newest <see cref="Pages.Procurements.ProcurementModel.AuditShown"/>).</summary>
    [Function(nameof(AuditTrail))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> AuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/audit")] HttpRequest request,
        string procurementId, CancellationToken ct) =>
        await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is null
            ? Problems.NotFound("procurement")
            : Results.Ok(await audit.ListAsync(procurementId, request.HttpContext.User.UserId(), cancellationToken: ct));

    /// <summary>
    /// <c>PUT …/alert-level</c> with <c>{ "alertLevel": "high" }</c>: switches the level the gap is measured at
    /// (<see cref="AlertLevelChange"/>); 400 unless it is one of the profile's alert levels, 412 when the procurement
    /// changed meanwhile. Answers <c>{ reportsRecomputed, reportsNotYetRequested }</c>: the second counts report requests
    /// the queue refused; they are kept in the outbox and sent by the dispatcher within minutes, or at once by the same
    /// call again.
    /// </summary>
    [Function(nameof(ChangeAlertLevel))]
    [ReadsIfMatch]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(AlertLevelRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
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
        if (Stale(request, procurement) is { } stale)
        {
            return stale;
        }
        var profile = AssessmentLoader.ProfileOf(procurement);
        if (body.AlertLevel is not { } level || !profile.HasAlertLevel(level))
        {
            return Problems.Invalid("alertLevel", $"Choose one of the profile's alert levels: {string.Join(", ", profile.AlertLevels)}.");
        }
        var (recomputed, notRequested) = await alertLevels.ApplyAsync(procurement, level, user.UserId(), ct);
        SetVersion(request, procurement);
        return Results.Ok(new { procurementId = procurement.Id, alertLevel = level, reportsRecomputed = recomputed, reportsNotYetRequested = notRequested });
    }

    /// <summary>
    /// <c>POST …/invitations</c> with <c>{ supplierName, supplierEmail }</c>: a new assessment and its personal link,
    /// working through the due date, stored with its invitation email and emailed at once. 201
    /// <c>{ assessment, invitationEmailed, invitationEmail }</c>: <c>invitationEmail</c> is <c>sent</c>, <c>willRetry</c>
    /// (not sent now: sent again automatically within minutes) or <c>refused</c> (SendGrid refused the address for good). 409 naming <c>supplierEmail</c> when that email is already invited (and not withdrawn),
    /// or when the due date is past.
    /// </summary>
    [Function(nameof(InviteSupplier))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(InviteRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
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
        if (ProcurementsApi.EmailProblem(body.SupplierEmail, ProcurementsApi.SupplierEmailMissing) is { } emailProblem)
        {
            errors["supplierEmail"] = [emailProblem.En];
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
        try
        {
            var (assessment, emailed) = await suppliers.InviteAsync(procurement, name, body.SupplierEmail!, body.Language ?? procurement.ProjectManagerLanguage,
                user.UserId(), ct);
            var stored = new StoredAssessment(assessment, procurement.OwnerId, default);
            return Results.Created($"/api/procurements/{procurement.Id}/assessments/{assessment.Id}",
                new { assessment = AssessmentView.From(AssessmentLoader.With(stored, procurement), emailed == EmailOutcome.WillRetry ? [SupplierMail.InvitationKind] : null), invitationEmailed = emailed == EmailOutcome.Sent, invitationEmail = ProcurementsApi.Outcome(emailed) });
        }
        catch (AlreadyInvitedException e)
        {
            return Problems.Conflict(e.Message, new Dictionary<string, string[]> { ["supplierEmail"] = [e.Message] });
        }
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
        var emailed = await suppliers.ResendAsync(procurement, stored, user.UserId(), ct);
        return Results.Ok(new { assessmentId, linkExpiresAt = stored.Assessment.LinkExpiresAt, invitationEmailed = emailed == EmailOutcome.Sent, invitationEmail = ProcurementsApi.Outcome(emailed) });
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
        await suppliers.RevokeAsync(stored, user.UserId(), ct);
        return Results.Ok(new { assessmentId, linkRevoked = true });
    }

    /// <summary>
    /// <c>POST …/assessments/{assessmentId}/remind</c>: one reminder now to a supplier who has not submitted, carrying
    /// their working link. 200 <c>{ assessmentId, reminderEmailed, reminderEmail }</c> (as the invitation's); 409 when there is nothing to remind of
    /// (submitted, withdrawn, expired, link revoked).
    /// </summary>
    [Function(nameof(RemindSupplier))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IResult> RemindSupplier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/remind")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var user = request.HttpContext.User;
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement
            || await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return Problems.NotFound("assessment");
        }
        var emailed = await suppliers.RemindAsync(procurement, stored, user.UserId(), ct);
        return Results.Ok(new { assessmentId, reminderEmailed = emailed == EmailOutcome.Sent, reminderEmail = ProcurementsApi.Outcome(emailed) });
    }

    /// <summary>
    /// <c>POST …/assessments/{assessmentId}/withdraw</c>: the supplier leaves the procurement — state <c>withdrawn</c>,
    /// link dead at once, out of the ranking, audited. The same email may then be invited again. 412 when it changed meanwhile.
    /// </summary>
    [Function(nameof(WithdrawSupplier))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> WithdrawSupplier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/withdraw")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var user = request.HttpContext.User;
        if (await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored || stored.OwnerId != user.UserId())
        {
            return Problems.NotFound("assessment");
        }
        await suppliers.WithdrawAsync(stored, user.UserId(), ct);
        return Results.Ok(new { assessmentId, state = stored.Assessment.State.ToId(), linkRevoked = true });
    }

    /// <summary>
    /// <c>PUT …/answers-due</c> with <c>{ "answersDue": "2027-01-15" }</c> (and optionally <c>"timeZone"</c>, an IANA
    /// name, to correct the zone): moves the due date (read in the procurement's time zone; from today to a year ahead) and every live link with it — an assessment that expired under the old date
    /// opens again with its link, and each supplier still answering is emailed the new date with their link. 200
    /// <c>{ answersDue, timeZone, linksCloseAt, linksMoved, linksNotMoved, suppliersEmailed }</c>; 400 naming
    /// <c>answersDue</c>; 412 when the procurement changed meanwhile.
    /// </summary>
    [Function(nameof(ChangeAnswersDue))]
    [ReadsIfMatch]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(AnswersDueRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> ChangeAnswersDue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/answers-due")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AnswersDueRequest>(request, ct);
        var user = request.HttpContext.User;
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        if (Stale(request, procurement) is { } stale)
        {
            return stale;
        }
        if (string.IsNullOrWhiteSpace(body.AnswersDue))
        {
            return Problems.Invalid("answersDue", "Give the new due date as a calendar date, e.g. 2027-01-15.");
        }
        // No zone, or an empty one, keeps the procurement's (as the page's empty field does): never the default zone by surprise.
        var zone = string.IsNullOrWhiteSpace(body.TimeZone) ? procurement.AnswersDue.TimeZone : body.TimeZone;
        var (due, dueProblems) = AnswerDeadline.Read(body.AnswersDue, zone, time.GetUtcNow());
        if (dueProblems.Count > 0)
        {
            return Problems.Invalid(dueProblems.ToDictionary(p => p.Key, p => new[] { p.Value.En }), "The due date was not changed.");
        }
        var (moved, notMoved, emailed) = await suppliers.ChangeDueDateAsync(procurement, due!, user.UserId(), ct);
        SetVersion(request, procurement);
        return Results.Ok(new
        {
            procurementId, answersDue = due!.IsoDate, timeZone = due.TimeZone, linksCloseAt = due.ClosesAt,
            linksMoved = moved, linksNotMoved = notMoved, suppliersEmailed = emailed,
        });
    }

    /// <summary>The procurement's version as the <c>ETag</c> response header: send it back as <c>If-Match</c> to change it only if nobody else did.</summary>
    private void SetVersion(HttpRequest request, Procurement procurement)
    {
        if (procurements.VersionOf(procurement) is { } version)
        {
            request.HttpContext.Response.Headers.ETag = ETags.ForClient(version);
        }
    }

    /// <summary>
    /// With <c>If-Match</c> (the <c>ETag</c> of <c>GET /api/procurements/{id}</c>), a change made from a stale copy is
    /// refused with 412 and nothing is changed; without it, the change applies to the version read now (two at once: one
    /// 412). <c>*</c> matches any version; a list matches when one of its tags does (RFC 9110 §13.1.1).
    /// </summary>
    private IResult? Stale(HttpRequest request, Procurement procurement) =>
        ETags.IsStale(request.Headers.IfMatch.ToString(), procurements.VersionOf(procurement))
            ? Problems.Stale($"The procurement was changed elsewhere since you read it; nothing was changed. Read it again (GET /api/procurements/{procurement.Id}), then send your change.")
            : null;
}
