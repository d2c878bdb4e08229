using System.Text.Json;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Questionnaires;

public static class QuestionnaireTemplateReader
{
    /// <summary>Reads a template's JSON and checks it; every problem is named (question id and field).</summary>
    public static QuestionnaireTemplate Parse(string json)
    {
        TemplateDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<TemplateDto>(json, ShippedData.JsonOptions)
                  ?? throw new InvalidDataException("The template is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The template is not valid JSON: {e.Message}", e);
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(dto.Id))
        {
            problems.Add("id is required.");
        }
        if (dto.Version < 1)
        {
            problems.Add("version must be 1 or more.");
        }
        var scaleLabels = dto.ScaleLabels ?? [];
        if (scaleLabels.Count != QuestionnaireTemplate.ScaleMax + 1)
        {
            problems.Add("scaleLabels must hold 6 labels, for answers 0 to 5.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var topics = new List<Topic>();
        foreach (var topic in dto.Topics ?? [])
        {
            var questions = new List<Question>();
            foreach (var q in topic.Questions ?? [])
            {
                if (ReadQuestion(topic.Id ?? "", q, problems) is { } question)
                {
                    if (!seen.Add(question.Id))
                    {
                        problems.Add($"{question.Id}: the id is used twice.");
                    }
                    questions.Add(question);
                }
            }
            topics.Add(new Topic(topic.Id ?? "", topic.Title ?? new LocalizedText("", ""), topic.Description, questions));
        }
        if (topics.Count == 0)
        {
            problems.Add("The template has no topics.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Template '{dto.Id}' v{dto.Version} is invalid: " + string.Join(" ", problems));
        }
        return new QuestionnaireTemplate(dto.Id!, dto.Version, dto.Title ?? new LocalizedText(dto.Id!, dto.Id!), dto.Description, scaleLabels, topics);
    }

    private static Question? ReadQuestion(string topicId, QuestionDto q, List<string> problems)
    {
        var id = q.Id ?? "";
        if (id.Length == 0)
        {
            problems.Add($"A question of topic '{topicId}' has no id.");
            return null;
        }
        if (!Enum.TryParse<QuestionKind>(q.Kind, ignoreCase: true, out var kind))
        {
            problems.Add($"{id}: kind '{q.Kind}' is not scale, choice, text or evidence.");
            return null;
        }
        var processAreas = new List<ProcessAreaId>();
        foreach (var pa in q.ProcessAreas ?? [])
        {
            if (ProcessAreaId.TryParse(pa, out var paId))
            {
                processAreas.Add(paId);
            }
            else
            {
                problems.Add($"{id}: '{pa}' is not a process area.");
            }
        }
        var cells = new SortedSet<Cell>(Comparer<Cell>.Create((a, b) => a.Index.CompareTo(b.Index)));
        switch (kind)
        {
            case QuestionKind.Scale:
                if (processAreas.Count == 0)
                {
                    problems.Add($"{id}: a scale question names the process areas it rates.");
                }
                foreach (var pa in processAreas)
                {
                    cells.UnionWith(CommonFeature.All.Select(cf => new Cell(pa, cf)));
                }
                break;
            case QuestionKind.Choice:
                foreach (var mapping in q.Cells ?? [])
                {
                    if (!ProcessAreaId.TryParse(mapping.ProcessArea, out var pa))
                    {
                        problems.Add($"{id}: '{mapping.ProcessArea}' is not a process area.");
                        continue;
                    }
                    foreach (var cf in mapping.CommonFeatures ?? [])
                    {
                        if (CommonFeature.TryParse(cf, out var feature))
                        {
                            cells.Add(new Cell(pa, feature));
                        }
                        else
                        {
                            problems.Add($"{id}: '{cf}' is not a common feature.");
                        }
                    }
                }
                if (cells.Count == 0)
                {
                    problems.Add($"{id}: a choice question names the cells it rates.");
                }
                if ((q.Options ?? []).Count < 2)
                {
                    problems.Add($"{id}: a choice question offers at least two options.");
                }
                foreach (var option in q.Options ?? [])
                {
                    if (!Grid.Rating.IsValidPercent(option.Percent))
                    {
                        problems.Add($"{id}: option '{option.Id}' has percent {option.Percent}, outside 0..100.");
                    }
                }
                if ((q.Options ?? []).Select(o => o.Id).Distinct().Count() != (q.Options ?? []).Count)
                {
                    problems.Add($"{id}: option ids must be unique.");
                }
                break;
        }
        var weight = q.Weight ?? 1;
        if (weight <= 0 || double.IsNaN(weight))
        {
            problems.Add($"{id}: weight must be above 0.");
        }
        return new Question(
            id, topicId, kind, q.Required, weight,
            q.Text ?? new LocalizedText(id, id), q.Help ?? new LocalizedText("", ""),
            processAreas, [.. cells],
            kind == QuestionKind.Choice ? q.Options ?? [] : [],
            kind == QuestionKind.Text ? q.MaxLength ?? 4000 : 0,
            q.NotApplicable);
    }

    private sealed record TemplateDto(
        string? Id, int Version, LocalizedText? Title, LocalizedText? Description, List<LocalizedText>? ScaleLabels, List<TopicDto>? Topics);

    private sealed record TopicDto(string? Id, LocalizedText? Title, LocalizedText? Description, List<QuestionDto>? Questions);

    private sealed record QuestionDto(
        string? Id, string? Kind, bool Required, double? Weight, LocalizedText? Text, LocalizedText? Help,
        List<string>? ProcessAreas, List<CellMappingDto>? Cells, List<ChoiceOption>? Options, int? MaxLength, bool NotApplicable = false);

    private sealed record CellMappingDto(string? ProcessArea, List<string>? CommonFeatures);
}
