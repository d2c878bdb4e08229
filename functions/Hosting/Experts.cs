using System.Net;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>A security expert a project manager may assign to review an assessment: their user id, name and email.</summary>
public sealed record Expert(string Id, string Name, string? Email);

/// <summary>One configured expert (section <c>Experts</c>, a list): <c>Id</c> (the user id they sign in as), <c>Name</c>, <c>Email</c>.</summary>
public sealed class ExpertOptions
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
}

/// <summary>
/// The configured security experts, the only ones a review can be assigned to (issue #9). Section <c>Experts</c> lists
/// them (needed with App Service Authentication, where no keys are configured); without it, the locally configured
/// users with the expert role (<c>Identity:Users</c>) are the experts, their id doubling as their email when it is one.
/// </summary>
public sealed class ExpertDirectory(IConfiguration configuration, IOptionsMonitor<IdentityOptions> identity)
{
    /// <summary>Every configured expert, in configuration order.</summary>
    public IReadOnlyList<Expert> All
    {
        get
        {
            var listed = configuration.GetSection("Experts").Get<List<ExpertOptions>>() ?? [];
            if (listed.Count > 0)
            {
                return [.. listed.Where(e => e.Id.Length > 0).Select(e => new Expert(e.Id, e.Name ?? e.Id, e.Email ?? AsEmail(e.Id)))];
            }
            return [.. identity.Get(IdentityHandler.SchemeName).Users
                .Where(u => u.Id.Length > 0 && u.Roles.Contains(Roles.Expert))
                .Select(u => new Expert(u.Id, u.Id, AsEmail(u.Id)))];
        }
    }

    /// <summary>The expert with this id (ordinal, trimmed), or null when none is configured.</summary>
    public Expert? Find(string? id) => id is null ? null : All.FirstOrDefault(e => e.Id == id.Trim());

    private static string? AsEmail(string id) => id.Contains('@', StringComparison.Ordinal) ? id : null;
}

/// <summary>
/// Assigning the security expert who reviews an assessment — one rule for the API and the procurement page: the expert
/// must be configured (<see cref="ExpertDirectory"/>); the assignment is saved and audited, and the expert is emailed
/// the link to the review (once per expert and assessment: the idempotency key <c>review-assigned:{assessment}:{expert}</c>).
/// </summary>
public sealed class ReviewerAssignment(
    ExpertDirectory experts, AssessmentStore assessments, AuditTrail audit, IMailer mailer, AppLinks links, ILogger<ReviewerAssignment> logger)
{
    /// <summary>The longest expert id an assignment reads (docs/limits.md); a longer one cannot be a configured expert's.</summary>
    public const int MaxExpertIdLength = 200;

    /// <summary>The message for an expert id that is not configured, or too long to be (the API's 400 and the page's field error).</summary>
    public static string UnknownExpert(string language) => PageLanguage.Pick(language,
        "Pick one of the configured security experts.", "Choisissez l'un des experts sécurité configurés.");

    /// <summary>
    /// Assigns <paramref name="expertId"/> (who must be configured: else null and nothing changes), whose emails speak
    /// <paramref name="language"/> ("en" or "fr"), and emails them the review's link in that language when the reviewer
    /// changed. A failed email is logged and does not undo the assignment.
    /// </summary>
    /// <exception cref="StaleWriteException">The assessment changed since it was read.</exception>
    /// <exception cref="WorkflowException">The review is final: nothing is saved, nobody is emailed.</exception>
    public async Task<Expert?> AssignAsync(
        StoredAssessment stored, string procurementName, string? expertId, string language, string assignedBy, CancellationToken ct)
    {
        if (experts.Find(expertId) is not { } expert)
        {
            return null;
        }
        var assessment = stored.Assessment;
        var changed = assessment.ReviewerId != expert.Id;
        assessment.AssignReviewer(expert.Id, language);
        await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, ct, audit: audit.Note(assessment.ProcurementId, assignedBy, "reviewer assigned", assessment.Id, expert.Id));
        if (changed && expert.Email is { } email)
        {
            await NotifyAsync(expert, email, assessment, procurementName, ct);
        }
        return expert;
    }

    /// <summary>The assignment email (<see cref="ExpertEmails.Assignment"/>) in the expert's language, once per expert and assessment.</summary>
    private async Task NotifyAsync(Expert expert, string email, Assessment assessment, string procurementName, CancellationToken ct)
    {
        var language = assessment.ReviewerLanguage;
        var (subject, html, text) = ExpertEmails.Assignment(assessment.SupplierName, procurementName,
            links.Review(assessment.ProcurementId, assessment.Id, language), language);
        try
        {
            await mailer.SendAsync(new EmailMessage(email, expert.Name, subject, html, text, $"review-assigned:{assessment.Id}:{expert.Id}"), ct);
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning("Assignment email for {AssessmentId} failed ({Status}); the review is assigned all the same", assessment.Id, e.StatusCode);
        }
    }
}
