namespace SupplierAssessment.Domain;

/// <summary>A text shipped in English and French.</summary>
public sealed record LocalizedText(string En, string Fr)
{
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr"];

    /// <summary>The text in "fr" or "en" (anything else reads as English).</summary>
    public string In(string language) =>
        language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) && Fr.Length > 0 ? Fr : En;

    public override string ToString() => En;

    /// <summary>This text followed by <paramref name="next"/>, language by language.</summary>
    public LocalizedText Then(LocalizedText next) => new(En + next.En, Fr + next.Fr);

    /// <summary>
    /// A reader's language as the product keeps it: "fr" for any French tag ("fr", "fr-CA"), else "en". Project
    /// managers, experts and suppliers each have one; every page, report and email they get is in it.
    /// </summary>
    public static string LanguageOf(string? language) =>
        language is not null && language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
}
