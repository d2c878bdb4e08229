using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// Procurements, partitioned by their project manager: "my procurements" is one partition, a procurement one point read.
/// A custom profile is kept on the row (<c>ProfileJson</c>), so reading a procurement gives its profile without another read;
/// so are the targets its project manager set (<c>TargetsJson</c>, <see cref="TargetAdjustmentsColumn"/>).
/// A procurement's own integration events (its alert level) go in its owner's partition, in the same transaction as the row.
/// Every read-modify-write is checked: the store remembers the ETag of each procurement it read, and saves it only if
/// the row is still that version (else <see cref="StaleWriteException"/>, a 412), so two changes made from the same
/// version cannot both win (issue 13, lost update).
/// </summary>
public sealed class ProcurementStore(StorageAccount account, EventOutbox outbox)
{
    private TableClient Table => account.Procurements;

    /// <summary>The stored version of each procurement object this store read or wrote (kept as long as the object lives).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Procurement, object> _versions = [];

    /// <summary>The stored version (ETag) of a procurement this store read or wrote; null for one it never saw.</summary>
    public ETag? VersionOf(Procurement procurement) => _versions.TryGetValue(procurement, out var version) ? (ETag)version : null;

    public async Task<Procurement?> FindAsync(string ownerId, string procurementId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Keys.Escape(ownerId), Keys.Escape(procurementId), cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Procurement>> ListAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var list = new List<Procurement>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Escape(ownerId)} and RowKey lt {EventOutbox.BeforeEvents}"), cancellationToken: cancellationToken))
        {
            list.Add(Read(row));
        }
        return [.. list.OrderByDescending(p => p.CreatedAt)];
    }

    private Procurement Read(TableEntity row)
    {
        var procurement = ToProcurement(row);
        _versions.AddOrUpdate(procurement, row.ETag);
        return procurement;
    }

    /// <summary>
    /// Adds a new procurement (409 if its id exists) with its audit entries (<paramref name="audit"/>: "procurement
    /// created", its first target adjustments) in one entity group transaction: one call.
    /// </summary>
    public async Task AddAsync(Procurement procurement, CancellationToken cancellationToken = default, IReadOnlyList<AuditNote>? audit = null)
    {
        var row = ToEntity(procurement);
        var results = await Table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.Add, row), .. (audit ?? []).Select(n => AuditTrail.AddBesideProcurement(row.PartitionKey, n))], cancellationToken);
        _versions.AddOrUpdate(procurement, results.Value[0].Headers.ETag ?? default(ETag));
    }

    /// <summary>
    /// Writes the procurement, with its new events when they are on and its audit entries (<paramref name="audit"/>,
    /// <see cref="AuditTrail"/>), in one entity group transaction: one call either way. A procurement this store read is
    /// written only if the row is still the version read; after the write, this object holds the new version.
    /// </summary>
    /// <exception cref="StaleWriteException">Someone changed the procurement since it was read (HTTP 412): nothing stored, nothing audited.</exception>
    public async Task SaveAsync(Procurement procurement, CancellationToken cancellationToken = default, IReadOnlyList<AuditNote>? audit = null)
    {
        var row = ToEntity(procurement);
        var read = VersionOf(procurement);
        var taken = procurement.TakeNewEvents();
        var events = outbox.Enabled ? taken : [];
        audit ??= [];
        try
        {
            if (events.Count == 0 && audit.Count == 0)
            {
                var written = read is { } ifMatch
                    ? await Table.UpdateEntityAsync(row, ifMatch, TableUpdateMode.Replace, cancellationToken)
                    : await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
                _versions.AddOrUpdate(procurement, written.Headers.ETag ?? default(ETag));
                return;
            }
            var change = read is { } match
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, match)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
            var results = await Table.SubmitTransactionAsync(
                [change, .. outbox.Actions(row.PartitionKey, events), .. audit.Select(n => AuditTrail.AddBesideProcurement(row.PartitionKey, n))], cancellationToken);
            _versions.AddOrUpdate(procurement, results.Value[0].Headers.ETag ?? default(ETag));
            if (events.Count > 0)
            {
                outbox.Written(Table, row.PartitionKey);
            }
        }
        catch (Exception e) when (e is RequestFailedException { Status: 412 } or TableTransactionFailedException { Status: 412 })
        {
            throw new StaleWriteException("The procurement was changed elsewhere since you opened it (for example its alert level). Reload it, then try again.");
        }
    }

    private static TableEntity ToEntity(Procurement p)
    {
        var row = new TableEntity(Keys.Escape(p.OwnerId), Keys.Escape(p.Id))
        {
            ["OwnerId"] = p.OwnerId,
            ["ProcurementId"] = p.Id,
            ["Name"] = p.Name,
            ["ProjectManagerEmail"] = p.ProjectManagerEmail,
            ["ProjectManagerLanguage"] = p.ProjectManagerLanguage,
            ["ProfileId"] = p.ProfileId,
            ["ProfileVersion"] = p.ProfileVersion,
            ["ActiveAlertLevel"] = p.ActiveAlertLevel,
            ["BaselineLevel"] = p.BaselineLevel,
            ["CreatedAt"] = p.CreatedAt,
            ["Closed"] = p.Closed,
            ["EventCount"] = p.EventCount,
            ["AnswersDue"] = p.AnswersDue.IsoDate,
            ["TimeZone"] = p.AnswersDue.TimeZone,
        };
        if (p.CustomProfile is { } profile)
        {
            row["ProfileJson"] = ConfidenceProfileWriter.Write(profile);
        }
        TargetAdjustmentsColumn.Write(row, p.TargetAdjustments);
        EntitySize.EnsureFits(row, "This procurement's record");
        return row;
    }

    private static Procurement ToProcurement(TableEntity e) => new(
        e.GetString("ProcurementId"), e.GetString("OwnerId"), e.GetString("Name"), e.GetString("ProjectManagerEmail"),
        e.GetString("ProfileId"), e.GetInt32("ProfileVersion") ?? 1, e.GetString("ActiveAlertLevel"),
        e.GetInt32("BaselineLevel") ?? 3, e.GetDateTimeOffset("CreatedAt") ?? default, e.GetBoolean("Closed") ?? false,
        e.GetString("ProfileJson") is { } json ? ConfidenceProfileReader.Parse(json) : null, e.GetInt32("EventCount") ?? 0,
        e.GetString("ProjectManagerLanguage") ?? "en",
        // A procurement stored before due dates existed has none: the default (30 days after its creation) applies.
        e.GetString("AnswersDue") is { } due && DateOnly.TryParseExact(due, "yyyy-MM-dd", out var date)
            ? new AnswerDeadline(date, e.GetString("TimeZone") ?? AnswerDeadline.DefaultTimeZone)
            : null)
    {
        TargetAdjustments = TargetAdjustmentsColumn.Read(e),
    };
}
