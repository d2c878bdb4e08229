namespace SupplierAssessment.Functions.Hosting;

public static class RequestLimits
{
    /// <summary>The largest JSON body the API reads (answers, what-if requests): 256 KiB.</summary>
    public const long MaxJsonBody = 256 * 1024;
}
