using System.Text.Json;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Catalog;

public sealed record CapabilityLevelInfo(int Level, LocalizedText Name, LocalizedText Description);

public sealed record GenericPractice(string Id, LocalizedText Name, LocalizedText Description);

public sealed record CommonFeatureInfo(CommonFeature Id, LocalizedText Name, IReadOnlyList<GenericPractice> GenericPractices);

public sealed record BasePractice(string Id, LocalizedText Text);

public sealed record ProcessAreaInfo(
    ProcessAreaId Id,
    LocalizedText Name,
    string Category,
    IReadOnlyList<LocalizedText> Goals,
    IReadOnlyList<BasePractice> BasePractices);

/// <summary>
/// The SSE-CMM model (ISO/IEC 21827) as shipped data: capability levels, common features with their
/// generic practices, process areas with goals and (PA01–PA11) base practices.
/// </summary>
public sealed class ModelCatalog
{
    private readonly CommonFeatureInfo[] _commonFeatures;
    private readonly ProcessAreaInfo[] _processAreas;

    private ModelCatalog(string model, CapabilityLevelInfo[] levels, CommonFeatureInfo[] commonFeatures, ProcessAreaInfo[] processAreas)
    {
        Model = model;
        CapabilityLevels = levels;
        _commonFeatures = commonFeatures;
        _processAreas = processAreas;
    }

    public string Model { get; }

    /// <summary>Levels 1..5.</summary>
    public IReadOnlyList<CapabilityLevelInfo> CapabilityLevels { get; }

    public IReadOnlyList<CommonFeatureInfo> CommonFeatures => _commonFeatures;

    public IReadOnlyList<ProcessAreaInfo> ProcessAreas => _processAreas;

    public ProcessAreaInfo this[ProcessAreaId id] => _processAreas[id.Index];

    public CommonFeatureInfo this[CommonFeature id] => _commonFeatures[id.Index];

    /// <summary>Reads and checks the catalog: 5 levels, the 12 common features in grid order, PA01..PA22 in order.</summary>
    public static ModelCatalog Parse(string json)
    {
        var dto = JsonSerializer.Deserialize<CatalogDto>(json, ShippedData.JsonOptions)
                  ?? throw new InvalidDataException("The model catalog is empty.");
        var problems = new List<string>();
        var levels = dto.CapabilityLevels ?? [];
        if (levels.Count != CommonFeature.MaxLevel || levels.Select((l, i) => l.Level == i + 1).Any(ok => !ok))
        {
            problems.Add("capabilityLevels must list levels 1 to 5 in order.");
        }
        var features = new List<CommonFeatureInfo>();
        foreach (var (cf, i) in (dto.CommonFeatures ?? []).Select((cf, i) => (cf, i)))
        {
            if (!CommonFeature.TryParse(cf.Id, out var id) || id.Index != i || id.Level != cf.Level)
            {
                problems.Add($"commonFeatures[{i}] '{cf.Id}' is out of grid order or has the wrong level.");
                continue;
            }
            features.Add(new CommonFeatureInfo(id, cf.Name, cf.GenericPractices ?? []));
        }
        var processAreas = new List<ProcessAreaInfo>();
        foreach (var (pa, i) in (dto.ProcessAreas ?? []).Select((pa, i) => (pa, i)))
        {
            if (!ProcessAreaId.TryParse(pa.Id, out var id) || id.Index != i)
            {
                problems.Add($"processAreas[{i}] '{pa.Id}' is out of order.");
                continue;
            }
            processAreas.Add(new ProcessAreaInfo(id, pa.Name, pa.Category ?? "", pa.Goals ?? [], pa.BasePractices ?? []));
        }
        if (features.Count != CommonFeature.Count)
        {
            problems.Add($"The catalog must hold {CommonFeature.Count} common features.");
        }
        if (processAreas.Count != ProcessAreaId.Count)
        {
            problems.Add($"The catalog must hold {ProcessAreaId.Count} process areas.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException("The model catalog is invalid: " + string.Join(" ", problems));
        }
        return new ModelCatalog(dto.Model ?? "SSE-CMM", [.. levels], [.. features], [.. processAreas]);
    }

    private sealed record CatalogDto(
        string? Model,
        List<CapabilityLevelInfo>? CapabilityLevels,
        List<CommonFeatureDto>? CommonFeatures,
        List<ProcessAreaDto>? ProcessAreas);

    private sealed record CommonFeatureDto(string? Id, int Level, LocalizedText Name, List<GenericPractice>? GenericPractices);

    private sealed record ProcessAreaDto(string? Id, LocalizedText Name, string? Category, List<LocalizedText>? Goals, List<BasePractice>? BasePractices);
}
