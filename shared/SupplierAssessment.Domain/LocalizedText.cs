namespace SupplierAssessment.Domain;

/// <summary>A text shipped in English and French.</summary>
public sealed record LocalizedText(string En, string Fr)
{
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr"];

    /// <summary>The text in "fr" or "en" (anything else reads as English).</summary>
    public string In(string language) =>
        language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) && Fr.Length > 0 ? Fr : En;

    public override string ToString() => En;
}
