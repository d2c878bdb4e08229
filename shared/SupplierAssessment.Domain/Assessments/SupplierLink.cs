using System.Security.Cryptography;
using System.Text;

namespace SupplierAssessment.Domain.Assessments;

/// <summary>
/// The personal link a supplier gets by email: <c>/q/{token}</c>, where the token is
/// <c>{procurementId}.{assessmentId}.{secret}</c> and the secret is 256 random bits. Only the SHA-256 of the
/// secret is stored; the ids let the server find the one assessment with a point read, and a wrong secret looks
/// exactly like an unknown id.
/// </summary>
public readonly record struct SupplierLink(string ProcurementId, string AssessmentId, string Secret)
{
    public string Token => $"{ProcurementId}.{AssessmentId}.{Secret}";

    public string SecretHash => Hash(Secret);

    public static SupplierLink New(string procurementId, string assessmentId) =>
        new(procurementId, assessmentId, Base64Url(RandomNumberGenerator.GetBytes(32)));

    public static bool TryParse(string? token, out SupplierLink link)
    {
        link = default;
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length is 0 or > 64) || !parts.All(IsUrlSafe))
        {
            return false;
        }
        link = new SupplierLink(parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>True when this link's secret is the one whose hash was stored (constant-time comparison).</summary>
    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SecretHash), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsUrlSafe(string part) => part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public override string ToString() => $"{ProcurementId}.{AssessmentId}.***";
}

/// <summary>Short random ids for procurements, assessments and evidence files: 12 characters of base32 (60 bits).</summary>
public static class Ids
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] % Alphabet.Length];
        }
        return new string(chars);
    }
}
