using System.Text;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>Table keys may not hold / \ # ? or control characters: those are escaped as %XX, reversibly.</summary>
internal static class Keys
{
    public static string Escape(string value)
    {
        var key = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                key.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                key.Append(c);
            }
        }
        return key.ToString();
    }
}

/// <summary>Someone else changed the row since it was read: the caller's copy is stale (412).</summary>
public sealed class StaleWriteException(string message) : Exception(message);
