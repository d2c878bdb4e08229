using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Keeps each supplier's personal link recoverable by the app alone, so that reminders carry a link that opens the
/// questionnaire (issue 10) while storage still holds only the secret's hash and a sealed copy: the token is protected
/// with ASP.NET Core Data Protection (purpose <c>SupplierAssessment.SupplierLink.v1</c>, keys in blob storage,
/// <see cref="Adapters.Storage.BlobKeyRing"/>). Someone who reads the table cannot open a questionnaire with it.
/// </summary>
public sealed class KeptLinks(IDataProtectionProvider protection, ILogger<KeptLinks> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("SupplierAssessment.SupplierLink.v1");

    /// <summary>Seals <paramref name="link"/> onto <paramref name="assessment"/> (saved with it by the caller).</summary>
    public void Keep(Assessment assessment, SupplierLink link) => assessment.KeepSealedLink(_protector.Protect(link.Token));

    /// <summary>
    /// The assessment's current link, or null when none is kept, or the kept one no longer matches (renewed since) or can
    /// no longer be unsealed (its key is gone): the caller then falls back to a reminder without a link.
    /// </summary>
    public SupplierLink? Recover(Assessment assessment)
    {
        if (assessment.SealedLink is not { } sealedLink)
        {
            return null;
        }
        try
        {
            return SupplierLink.TryParse(_protector.Unprotect(sealedLink), out var link)
                && link.ProcurementId == assessment.ProcurementId && link.AssessmentId == assessment.Id && link.Matches(assessment.LinkHash)
                ? link
                : null;
        }
        catch (CryptographicException e)
        {
            logger.LogWarning("The kept link of assessment {AssessmentId} cannot be unsealed ({Error}); its reminder carries no link", assessment.Id, e.Message);
            return null;
        }
    }
}
