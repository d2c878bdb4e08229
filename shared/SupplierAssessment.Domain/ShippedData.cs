using System.Reflection;
using System.Text.Json;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain;

/// <summary>The data shipped with the product (Data/ in this project): the SSE-CMM catalog, questionnaire templates, confidence profiles.</summary>
public static class ShippedData
{
    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<ModelCatalog> LazyCatalog = new(() => ModelCatalog.Parse(Read("sse-cmm.json")));

    private static readonly Lazy<IReadOnlyList<QuestionnaireTemplate>> LazyTemplates = new(() =>
        ResourcesUnder("Templates").Select(name => QuestionnaireTemplateReader.Parse(Read(name)))
            .OrderBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Version).ToArray());

    private static readonly Lazy<IReadOnlyList<ConfidenceProfile>> LazyProfiles = new(() =>
        ResourcesUnder("Profiles").Select(name => ConfidenceProfileReader.Parse(Read(name)))
            .OrderBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Version).ToArray());

    public static ModelCatalog Catalog => LazyCatalog.Value;

    public static IReadOnlyList<QuestionnaireTemplate> Templates => LazyTemplates.Value;

    public static IReadOnlyList<ConfidenceProfile> Profiles => LazyProfiles.Value;

    /// <summary>The newest version of the default questionnaire, the one new invitations pin.</summary>
    public static QuestionnaireTemplate CurrentTemplate =>
        Templates.Where(t => t.Id == "celar-hosting").MaxBy(t => t.Version)
        ?? throw new InvalidOperationException("The celar-hosting template is not shipped.");

    /// <summary>The template an assessment pinned ("celar-hosting@1"), or null when no such version is shipped.</summary>
    public static QuestionnaireTemplate? Template(string key) => Templates.FirstOrDefault(t => t.Key == key);

    /// <summary>One version of a profile, or null when it is not shipped.</summary>
    public static ConfidenceProfile? Profile(string id, int version) => Profiles.FirstOrDefault(p => p.Id == id && p.Version == version);

    public static ConfidenceProfile Profile(string id) =>
        Profiles.Where(p => p.Id == id).MaxBy(p => p.Version)
        ?? throw new KeyNotFoundException($"No shipped profile '{id}'.");

    /// <summary>The raw JSON of a shipped file, e.g. "Templates/celar-hosting.v1.json".</summary>
    public static string Read(string name)
    {
        var resource = Assembly.GetManifestResourceNames()
            .SingleOrDefault(r => r.Replace('\\', '/').Equals(name, StringComparison.Ordinal))
            ?? throw new FileNotFoundException($"'{name}' is not shipped with the domain.");
        using var stream = Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> ResourcesUnder(string folder) =>
        Assembly.GetManifestResourceNames().Select(r => r.Replace('\\', '/'))
            .Where(r => r.StartsWith(folder + "/", StringComparison.Ordinal));

    private static Assembly Assembly => typeof(ShippedData).Assembly;
}
