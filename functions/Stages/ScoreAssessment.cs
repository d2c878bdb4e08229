using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Functions.Stages;

/// <summary>submitted → scored: the answers become cell ratings, then the first report is requested.</summary>
public sealed class ScoreAssessment(
    AssessmentStore assessments, StageOutbox outbox, AuditTrail audit, StageQueues queues, ILogger<ScoreAssessment> logger)
{
    private const string FunctionName = "ScoreAssessment";

    /// <summary>
    /// Handles one <see cref="StageQueues.Submitted"/> message; returns the report request to send on
    /// (<see cref="StageQueues.ReportRequested"/>, version 1), or null when there is nothing to report. Throws (to be
    /// retried) when storage fails.
    /// </summary>
    public async Task<StageMessage?> HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        if (StageMessage.TryParse(messageText) is not { } message)
        {
            await queues.KeepUnreadableAsync(StageQueues.Submitted, messageText, FunctionName, null, cancellationToken);
            return null;
        }
        // Scoring needs the answers and the pinned template only: one read, no procurement.
        if (await assessments.FindAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { } stored
            || ShippedData.Template(stored.Assessment.TemplateKey) is not { } template)
        {
            logger.LogError("Dropped {Function} for unknown assessment {AssessmentId}", FunctionName, message.AssessmentId);
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
            return null;
        }
        var assessment = stored.Assessment;
        if (assessment.State == AssessmentState.Submitted)
        {
            assessment.RecordScore(Scoring.Rate(template, assessment.Answers));
            try
            {
                await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, cancellationToken, settles: message.Outbox,
                    audit: audit.Note(assessment.ProcurementId, "system", "scored", assessment.Id));
                logger.LogInformation("Scored {AssessmentId}", assessment.Id);
            }
            catch (StaleWriteException)
            {
                // Another delivery of the same submission scored it at the same moment (its follow-up sent twice, e.g.
                // by a retried submit): a replay, not a failure. Anything else changed it: fail, and the retry scores.
                if (await assessments.FindAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { } now
                    || now.Assessment.State == AssessmentState.Submitted)
                {
                    throw;
                }
                assessment = now.Assessment;
                await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
                logger.LogInformation("{AssessmentId} was scored by another delivery at the same moment", assessment.Id);
            }
        }
        else
        {
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken); // a replay: scored before
        }
        // Scored but not yet reported, whether just now or by an earlier delivery that failed before enqueuing.
        if (assessment.State == AssessmentState.Scored)
        {
            return message with { Version = 1, Verified = false, Outbox = null };
        }
        logger.LogInformation("{AssessmentId} is already {State}: this delivery of its submission is a replay, and asks for nothing", assessment.Id, assessment.State.ToId());
        return null;
    }
}
