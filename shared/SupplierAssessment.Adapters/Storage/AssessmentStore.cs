using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>An assessment as stored: with its procurement's owner and the ETag that guards against lost updates.</summary>
public sealed record StoredAssessment(Assessment Assessment, string OwnerId, ETag ETag);

/// <summary>An invitation refused by storage: <paramref name="email"/> is held in the procurement by <paramref name="holderId"/> (null: unknown).</summary>
public sealed class EmailAlreadyInvitedException(string email, string? holderId)
    : Exception($"{email} is already invited to this procurement.")
{
    /// <summary>The assessment that holds the email, when known.</summary>
    public string? HolderId { get; } = holderId;
}

/// <summary>
/// Assessments, partitioned by procurement: the ranking is one partition query; the supplier's link, the queue
/// stages and the expert reach one assessment with a point read. Answers, ratings and corrections live on the row,
/// so opening a questionnaire is one read and a save is one read plus one conditional write. When integration events
/// are on (<see cref="EventOutbox.Enabled"/>), the assessment's new events are written in the same entity group
/// transaction as the row — still one call; otherwise they are dropped and the write is the plain one.
/// </summary>
public sealed class AssessmentStore(StorageAccount account, EventOutbox outbox)
{
    private TableClient Table => account.Assessments;

    public async Task<StoredAssessment?> FindAsync(string procurementId, string assessmentId, CancellationToken cancellationToken = default)
    {
        if (!IsKey(procurementId) || !IsKey(assessmentId))
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(procurementId, assessmentId, cancellationToken: cancellationToken);
        return row.HasValue ? AssessmentRow.ToStored(row.Value!) : null;
    }

    public Task<IReadOnlyList<StoredAssessment>> ListAsync(string procurementId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {procurementId} and RowKey lt {EventOutbox.BeforeEvents}"), cancellationToken);

    /// <summary>
    /// The procurement's assessments that have a report (<c>ReportVersion gt 0</c>, filtered by the table service): the
    /// earlier assessments a supplier's history can point to, without reading the rows of suppliers never reported.
    /// </summary>
    public Task<IReadOnlyList<StoredAssessment>> ListReportedAsync(string procurementId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {procurementId} and RowKey lt {EventOutbox.BeforeEvents} and ReportVersion gt {0}"), cancellationToken);

    private async Task<IReadOnlyList<StoredAssessment>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var list = new List<StoredAssessment>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(AssessmentRow.ToStored(row));
        }
        return list;
    }

    /// <summary>
    /// Every assessment whose link a due date can still move, across procurements: open ones and expired ones
    /// (<see cref="Assessment.IsBehind"/>): the reminder, expiry and catch-up timer's list (not a request path; one table query).
    /// </summary>
    public Task<IReadOnlyList<StoredAssessment>> ListOpenOrExpiredAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter(
            $"State eq {AssessmentState.Invited.ToId()} or State eq {AssessmentState.InProgress.ToId()} or State eq {AssessmentState.Expired.ToId()}"), cancellationToken);

    /// <summary>
    /// Every assessment assigned to this security expert, across procurements ("my reviews"). A query on the reviewer
    /// column: a scan of the table, fine at the scale of one buyer's procurements.
    /// </summary>
    public Task<IReadOnlyList<StoredAssessment>> ListReviewedByAsync(string expertId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"ReviewerId eq {expertId}"), cancellationToken);

    /// <summary>
    /// Adds a new assessment (409 if its id exists), with its events when they are on, the follow-up its invitation
    /// calls for (<paramref name="followUp"/>, <see cref="StageOutbox"/>) and its audit entry (<paramref name="audit"/>,
    /// <see cref="AuditTrail"/>) in one entity group transaction; returns the
    /// row's ETag. The same transaction claims the supplier's email in the procurement (a row <c>~invited~{email}</c>,
    /// lower-cased): of two invitations of one address at once, only one is stored (issue 13's lost-update kind). A
    /// point read first tells whether the address is held; a withdrawn assessment's claim is released
    /// (<see cref="SaveAsync"/> with <c>releasesEmail</c>) and taken over ETag-checked.
    /// </summary>
    /// <exception cref="EmailAlreadyInvitedException">An assessment not withdrawn holds this email in the procurement.</exception>
    public async Task<ETag> AddAsync(Assessment assessment, string ownerId, CancellationToken cancellationToken = default, FollowUp? followUp = null, AuditNote? audit = null)
    {
        var row = AssessmentRow.ToEntity(assessment, ownerId);
        var taken = assessment.TakeNewEvents();
        var events = outbox.Enabled ? taken : [];
        var partition = assessment.ProcurementId;
        var key = InvitedKey(assessment.SupplierEmail);
        var held = await Table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
        if (held.HasValue && held.Value!.GetBoolean("Released") != true)
        {
            throw new EmailAlreadyInvitedException(assessment.SupplierEmail, held.Value.GetString("AssessmentId"));
        }
        var claim = new TableEntity(partition, key) { ["AssessmentId"] = assessment.Id, ["Released"] = false };
        var claimAction = held.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, claim, held.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, claim);
        try
        {
            return await WriteTogetherAsync(new TableTransactionAction(TableTransactionActionType.Add, row), assessment, events, followUp, null, audit, cancellationToken, claimAction);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another invitation of this address was stored in between: it holds the claim now.
            var holder = await Table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
            if (holder.HasValue && holder.Value!.GetString("AssessmentId") != assessment.Id && holder.Value.GetBoolean("Released") != true)
            {
                throw new EmailAlreadyInvitedException(assessment.SupplierEmail, holder.Value.GetString("AssessmentId"));
            }
            throw;
        }
    }

    /// <summary>The row that holds an email's invitation in its procurement's partition (after the ids, before the events').</summary>
    private static string InvitedKey(string email) => "~invited~" + Keys.Escape(email.Trim().ToLowerInvariant());

    /// <summary>
    /// Writes the assessment if nobody changed it since <paramref name="ifMatch"/>, in one call: with its new integration
    /// events, the queue message its change calls for (<paramref name="followUp"/>, <see cref="StageOutbox"/>), the
    /// settling of the outbox row whose message a stage is handling (<paramref name="settles"/>) and the change's audit
    /// entry (<paramref name="audit"/>, <see cref="AuditTrail"/>), all in one entity group transaction when there are
    /// any — all stored, or none.
    /// </summary>
    /// <exception cref="StaleWriteException">Someone changed the assessment since <paramref name="ifMatch"/> (HTTP 412).</exception>
    public async Task<ETag> SaveAsync(
        Assessment assessment, string ownerId, ETag ifMatch, CancellationToken cancellationToken = default, FollowUp? followUp = null, string? settles = null,
        bool releasesEmail = false, AuditNote? audit = null)
    {
        try
        {
            var row = AssessmentRow.ToEntity(assessment, ownerId);
            var taken = assessment.TakeNewEvents();
            var events = outbox.Enabled ? taken : []; // integration events off: dropped, as documented above
            var rowAction = new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ifMatch);
            if (events.Count == 0 && followUp is null && settles is null && !releasesEmail && audit is null)
            {
                var response = await Table.UpdateEntityAsync(row, ifMatch, TableUpdateMode.Replace, cancellationToken);
                return response.Headers.ETag ?? ETag.All;
            }
            // A withdrawn supplier's email may be invited again: its claim is released with the change (an upsert, so
            // an assessment stored before claims existed needs none).
            var release = releasesEmail
                ? new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                    new TableEntity(assessment.ProcurementId, InvitedKey(assessment.SupplierEmail)) { ["Released"] = true })
                : null;
            return await WriteTogetherAsync(rowAction, assessment, events, followUp, settles, audit, cancellationToken, release);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Said to whoever made the change: the supplier, the project manager or the expert (their pages say it their own way).
            throw new StaleWriteException("This assessment was changed elsewhere at the same moment, so nothing was saved. Reload to see the latest version, then try again.");
        }
    }

    /// <summary>The row, its event rows, its outbox rows and its audit row in one entity group transaction (one call): all stored, or none.</summary>
    private async Task<ETag> WriteTogetherAsync(
        TableTransactionAction rowAction, Assessment assessment, IReadOnlyList<Domain.Events.IntegrationEvent> events,
        FollowUp? followUp, string? settles, AuditNote? audit, CancellationToken cancellationToken, TableTransactionAction? alongside = null)
    {
        var partition = assessment.ProcurementId;
        List<TableTransactionAction> actions = [rowAction, .. outbox.Actions(partition, events)];
        if (alongside is not null)
        {
            actions.Add(alongside);
        }
        if (followUp is not null)
        {
            actions.Add(StageOutbox.Add(partition, followUp, DateTimeOffset.UtcNow));
        }
        if (settles is not null && settles.StartsWith(StageOutbox.Prefix, StringComparison.Ordinal))
        {
            actions.Add(StageOutbox.Settle(partition, settles));
        }
        if (audit is not null)
        {
            actions.Add(AuditTrail.Add(audit)); // in audit.ProcurementId: the assessment's partition, or the service refuses the transaction
        }
        var response = await Table.SubmitTransactionAsync(actions, cancellationToken);
        if (events.Count > 0)
        {
            outbox.Written(Table, partition);
        }
        return response.Value[0].Headers.ETag ?? ETag.All;
    }

    /// <summary>Ids the app hands out are short base32; anything else cannot be a key of ours.</summary>
    private static bool IsKey(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
