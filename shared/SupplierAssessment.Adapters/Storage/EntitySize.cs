using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// What Azure Table Storage accepts in one entity: at most 64 KiB a property (a string: 32 K UTF-16 characters) and
/// 1 MiB the whole entity, counted as the service counts it ("Understanding the Table service data model": 4 bytes,
/// plus the keys' characters × 2, plus for each property 8 bytes, its name's characters × 2 and its value's size).
/// A write that would pass either is refused before it is sent (<see cref="EntityTooLargeException"/>), so that the
/// user gets a 409 naming the bound rather than the service's 400 surfacing as a 500.
/// </summary>
public static class EntitySize
{
    /// <summary>The largest property: 64 KiB.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>The largest entity: 1 MiB.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>The entity's size in bytes as the Table service counts it.</summary>
    public static long Of(TableEntity entity)
    {
        long size = 4 + ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)) * 2;
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || value is null)
            {
                continue;
            }
            size += 8 + name.Length * 2 + ValueBytes(value);
        }
        return size;
    }

    /// <summary>
    /// Throws <see cref="EntityTooLargeException"/> (its message saying <paramref name="what"/> is full) when a
    /// property or the whole of <paramref name="entity"/> passes the service's bounds.
    /// </summary>
    public static void EnsureFits(TableEntity entity, string what)
    {
        foreach (var (name, value) in entity)
        {
            if (value is not null && ValueBytes(value) > MaxPropertyBytes)
            {
                throw new EntityTooLargeException(
                    $"{what} would pass the {MaxPropertyBytes / 1024} KiB that storage keeps for one of its parts ({name}): nothing was saved.");
            }
        }
        if (Of(entity) > MaxEntityBytes)
        {
            throw new EntityTooLargeException($"{what} would pass the {MaxEntityBytes / 1024 / 1024} MiB that storage keeps for one record: nothing was saved.");
        }
    }

    private static long ValueBytes(object value) => value switch
    {
        string text => 4 + text.Length * 2L,
        byte[] bytes => 4 + bytes.Length,
        BinaryData binary => 4 + binary.ToMemory().Length,
        bool => 1,
        int => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        _ => 8,
    };
}

/// <summary>A write that would pass what one table entity holds (<see cref="EntitySize"/>); the message is for the user (409).</summary>
public sealed class EntityTooLargeException(string message) : Exception(message);
