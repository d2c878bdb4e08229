using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Events;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Stages;

/// <summary>Writes report version N (HTML + JSON) once, records it on the assessment, then asks for the email.</summary>
public sealed class RenderReport(
    AssessmentLoader loader, AssessmentStore assessments, StageOutbox outbox, ReportStore reports, AuditTrail audit, AppLinks links,
    StageQueues queues, TimeProvider time, ILogger<RenderReport> logger)
{
    private const string FunctionName = "RenderReport";

    /// <summary>
    /// Handles one <see cref="StageQueues.ReportRequested"/> message; returns the notice to send on
    /// (<see cref="StageQueues.ReportReady"/>), or null for a message that can never succeed. Throws (to be retried)
    /// when storage fails.
    /// </summary>
    public async Task<StageMessage?> HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        if (StageMessage.TryParse(messageText) is not { Version: > 0 } message)
        {
            await queues.KeepUnreadableAsync(StageQueues.ReportRequested, messageText, FunctionName, StageMessage.NoReportVersion, cancellationToken);
            return null;
        }
        if (await loader.LoadAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { Assessment.DeclaredRatings: not null } context)
        {
            logger.LogError("Dropped {Function} for assessment {AssessmentId}: unknown or not scored", FunctionName, message.AssessmentId);
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
            return null;
        }
        var assessment = context.Assessment;
        if (message.Version > assessment.ReportVersion + 1)
        {
            // Every request asks for the version after the latest recorded one: one further ahead was written by hand.
            logger.LogError("Dropped {Function} for assessment {AssessmentId}: version {Version} does not follow the latest, {Latest}",
                FunctionName, message.AssessmentId, message.Version, assessment.ReportVersion);
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
            return null;
        }
        if (assessment.ReportVersion < message.Version)
        {
            var report = context.Report(message, time.GetUtcNow());
            var written = await reports.SaveAsync(assessment.ProcurementId, assessment.Id, message.Version,
                ReportHtml.Render(report, ShippedData.Catalog), ReportJson.Serialize(report), cancellationToken);
            assessment.RecordReport(report, new ReportLinks(
                links.ReportDownload(assessment.ProcurementId, assessment.Id, message.Version, "json").ToString(),
                links.ReportDownload(assessment.ProcurementId, assessment.Id, message.Version, "pdf").ToString()));
            try
            {
                await assessments.SaveAsync(assessment, context.Stored.OwnerId, context.Stored.ETag, cancellationToken, settles: message.Outbox,
                    audit: audit.Note(assessment.ProcurementId, "system", message.Verified ? "verified report written" : "report written",
                        assessment.Id, $"version {message.Version}"));
                logger.LogInformation("Report {Version} of {AssessmentId} written (new blobs: {Written})", message.Version, assessment.Id, written);
            }
            catch (StaleWriteException)
            {
                // Another delivery of the same request recorded this version at the same moment: a replay, not a
                // failure. Anything else changed the assessment: fail, and the retry writes the version.
                if (await assessments.FindAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { } now
                    || now.Assessment.ReportVersion < message.Version)
                {
                    throw;
                }
                await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
                logger.LogInformation("Report {Version} of {AssessmentId} was recorded by another delivery at the same moment", message.Version, assessment.Id);
            }
        }
        else
        {
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken); // a replay: written before
        }
        // Always pass on: the notification stage sends each version's email once, whatever is replayed.
        return message with { Outbox = null };
    }
}
