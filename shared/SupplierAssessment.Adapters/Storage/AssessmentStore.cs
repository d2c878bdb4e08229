using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>An assessment as stored: with its procurement's owner and the ETag that guards against lost updates.</summary>
public sealed record StoredAssessment(Assessment Assessment, string OwnerId, ETag ETag);

/// <summary>
/// Assessments, partitioned by procurement: the ranking is one partition query; the supplier's link, the queue
/// stages and the expert reach one assessment with a point read. Answers, ratings and corrections live on the row,
/// so opening a questionnaire is one read and a save is one read plus one conditional write.
/// </summary>
public sealed class AssessmentStore(StorageAccount account)
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

    public async Task<IReadOnlyList<StoredAssessment>> ListAsync(string procurementId, CancellationToken cancellationToken = default)
    {
        var list = new List<StoredAssessment>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {procurementId}"), cancellationToken: cancellationToken))
        {
            list.Add(AssessmentRow.ToStored(row));
        }
        return list;
    }

    /// <summary>Open questionnaires across procurements, for the reminder and expiry timer (not a request path).</summary>
    public async Task<IReadOnlyList<StoredAssessment>> ListOpenAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<StoredAssessment>();
        var filter = TableClient.CreateQueryFilter($"State eq {AssessmentState.Invited.ToId()} or State eq {AssessmentState.InProgress.ToId()}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(AssessmentRow.ToStored(row));
        }
        return list;
    }

    public async Task<ETag> AddAsync(Assessment assessment, string ownerId, CancellationToken cancellationToken = default)
    {
        var response = await Table.AddEntityAsync(AssessmentRow.ToEntity(assessment, ownerId), cancellationToken);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>Writes the assessment if nobody changed it since <paramref name="ifMatch"/>; else <see cref="StaleWriteException"/>.</summary>
    public async Task<ETag> SaveAsync(Assessment assessment, string ownerId, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(AssessmentRow.ToEntity(assessment, ownerId), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new StaleWriteException("The questionnaire was changed elsewhere since you opened it. Reload to see the latest answers, then save again.");
        }
    }

    /// <summary>Ids the app hands out are short base32; anything else cannot be a key of ours.</summary>
    private static bool IsKey(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
