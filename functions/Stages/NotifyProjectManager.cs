using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Stages;

/// <summary>Emails the project manager once per report version: the summary table, the link and the report as a PDF.</summary>
public sealed class NotifyProjectManager(
    AssessmentLoader loader, NotificationLog notifications, IMailer mailer, AppLinks links, StageQueues queues,
    TimeProvider time, ILogger<NotifyProjectManager> logger)
{
    private const string FunctionName = "NotifyProjectManager";

    /// <summary>
    /// Handles one queue message; throws (to be retried) when storage or mail fails. An email another delivery has
    /// claimed is not a failure: the message is sent back for when that claim lapses.
    /// </summary>
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        if (StageMessage.TryParse(messageText) is not { Version: > 0 } message)
        {
            await queues.KeepUnreadableAsync(StageQueues.ReportReady, messageText, FunctionName, StageMessage.NoReportVersion, cancellationToken);
            return;
        }
        if (await loader.LoadAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { Assessment.DeclaredRatings: not null } context)
        {
            logger.LogError("Dropped {Function} for assessment {AssessmentId}: unknown or not scored", FunctionName, message.AssessmentId);
            return;
        }
        if (message.Version > context.Assessment.ReportVersion)
        {
            // The render stage records a version before it asks for its email: a notice ahead of the record was
            // written by hand, and emailing it would send a report that does not exist (a fresh-user trial).
            logger.LogError("Dropped {Function} for assessment {AssessmentId}: report version {Version} was never written (the latest is {Latest})",
                FunctionName, message.AssessmentId, message.Version, context.Assessment.ReportVersion);
            return;
        }
        var report = context.Report(message, time.GetUtcNow());
        // In the project manager's language: the email, its link and the attached PDF.
        var language = context.Procurement.ProjectManagerLanguage;
        var email = ReportEmail.Render(report, ShippedData.Catalog, links.Report(message.ProcurementId, message.AssessmentId, message.Version, language), language);
        var pdf = new EmailAttachment(ReportPdf.FileName(report, language).ForAttachment, "application/pdf", ReportPdf.Render(report, ShippedData.Catalog, language));
        // Everything is ready before the claim, so that nothing but the send itself happens between claim and send.
        var key = $"report:{message.AssessmentId}:v{message.Version}";
        var mail = new EmailMessage(context.Procurement.ProjectManagerEmail, null, email.Subject, email.Html, email.Text, key, [pdf]);
        bool sent;
        try
        {
            sent = await notifications.SendOnceAsync(message.ProcurementId, key, ct => mailer.SendAsync(mail, ct), cancellationToken);
        }
        catch (EmailClaimHeldException held)
        {
            await queues.ComeBackWhenClaimLapsesAsync(StageQueues.ReportReady, messageText, held, cancellationToken);
            return;
        }
        if (!sent)
        {
            logger.LogInformation("Email {Key} was already sent: replay ignored", key);
            return;
        }
        logger.LogInformation("Emailed report {Version} of {AssessmentId}", message.Version, message.AssessmentId);
    }
}
