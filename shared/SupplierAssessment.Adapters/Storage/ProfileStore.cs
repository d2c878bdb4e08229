using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>A custom profile version as saved, with who saved it and when.</summary>
public sealed record StoredProfile(ConfidenceProfile Profile, string SavedBy, DateTimeOffset SavedAt);

/// <summary>The version is saved already: a saved version never changes (409).</summary>
public sealed class ProfileVersionExistsException(string profileId, int version)
    : Exception($"Version {version} of profile '{profileId}' is saved already; a saved version never changes.");

/// <summary>
/// The profiles administrators made, one row per version in a single partition (there are tens, not thousands):
/// RowKey <c>{id}.v{version:D4}</c>, the profile in <c>ProfileJson</c> in the shipped files' format. The admin page and the
/// new-procurement form list them with one query; a version is saved create-if-absent and never rewritten.
/// </summary>
public sealed class ProfileStore(StorageAccount account)
{
    public const string Partition = "profile";

    private TableClient Table => account.Profiles;

    private static string RowKey(string profileId, int version) => $"{profileId}.v{version:D4}";

    /// <summary>Every saved version, by id then version.</summary>
    public async Task<IReadOnlyList<StoredProfile>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<StoredProfile>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            list.Add(ToStored(row));
        }
        return [.. list.OrderBy(p => p.Profile.Id, StringComparer.Ordinal).ThenBy(p => p.Profile.Version)];
    }

    /// <summary>One version; null when it was never saved (or <paramref name="profileId"/> cannot be a custom id).</summary>
    public async Task<StoredProfile?> FindAsync(string profileId, int version, CancellationToken cancellationToken = default)
    {
        if (!CustomProfiles.IsValidId(profileId) || version < 1)
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(profileId, version), cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    /// <summary>The newest version of one custom profile, with one range query over its versions; null when there is none.</summary>
    public async Task<StoredProfile?> LatestAsync(string profileId, CancellationToken cancellationToken = default)
    {
        if (!CustomProfiles.IsValidId(profileId))
        {
            return null;
        }
        // "{id}.v" ≤ RowKey < "{id}.w": the versions of this id only (ids hold no '.', so "ab.v…" never matches "ab-c.v…").
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {profileId + ".v"} and RowKey lt {profileId + ".w"}");
        StoredProfile? latest = null;
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var stored = ToStored(row);
            if (latest is null || stored.Profile.Version > latest.Profile.Version)
            {
                latest = stored;
            }
        }
        return latest;
    }

    /// <summary>
    /// Saves a new version, create-if-absent; <see cref="ProfileVersionExistsException"/> when that version exists,
    /// <see cref="EntityTooLargeException"/> when it would not fit in one entity (<see cref="EntitySize"/>).
    /// </summary>
    public async Task AddAsync(ConfidenceProfile profile, string savedBy, DateTimeOffset savedAt, CancellationToken cancellationToken = default)
    {
        if (!CustomProfiles.IsValidId(profile.Id) || CustomProfiles.IsShipped(profile.Id))
        {
            throw new ArgumentException($"'{profile.Id}' cannot be the id of a custom profile.", nameof(profile));
        }
        var row = new TableEntity(Partition, RowKey(profile.Id, profile.Version))
        {
            ["ProfileId"] = profile.Id,
            ["Version"] = profile.Version,
            ["ProfileJson"] = ConfidenceProfileWriter.Write(profile),
            ["SavedBy"] = savedBy,
            ["SavedAt"] = savedAt,
        };
        EntitySize.EnsureFits(row, "This profile");
        try
        {
            await Table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new ProfileVersionExistsException(profile.Id, profile.Version);
        }
    }

    private static StoredProfile ToStored(TableEntity row) => new(
        ConfidenceProfileReader.Parse(row.GetString("ProfileJson")),
        row.GetString("SavedBy") ?? "", row.GetDateTimeOffset("SavedAt") ?? default);
}
