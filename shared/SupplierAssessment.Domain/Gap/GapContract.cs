using System.Globalization;
using System.Text.Json;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Gap;

/// <summary>The gap vocabulary of DESIGN §2.4, shared by <c>POST /api/gap</c> and the saved reports' JSON.</summary>
public sealed record GapDocument(IReadOnlyDictionary<string, int> AchievedLevels, IReadOnlyList<AlertLevelGapDocument> Variants)
{
    public static GapDocument From(GapReport report) => new(
        ProcessAreaId.All.ToDictionary(pa => pa.Id, report.AchievedLevel),
        report.Variants.Select(AlertLevelGapDocument.From).ToArray());
}

public sealed record AlertLevelGapDocument(
    string AlertLevel,
    int MissingPoints,
    int ExceedingPoints,
    IReadOnlyDictionary<string, int> MissingByActor,
    IReadOnlyList<ProcessAreaGapDocument> ProcessAreas)
{
    public static AlertLevelGapDocument From(AlertLevelGap gap) => new(
        gap.AlertLevel,
        gap.MissingPoints,
        gap.ExceedingPoints,
        Actors.All.ToDictionary(a => a.ToId(), gap.MissingBy),
        gap.ProcessAreas.Select(ProcessAreaGapDocument.From).ToArray());
}

public sealed record ProcessAreaGapDocument(string Id, int Target, int Achieved, string Actor, IReadOnlyList<string> Missing, IReadOnlyList<string> Exceeding)
{
    public static ProcessAreaGapDocument From(ProcessAreaGap gap) => new(
        gap.ProcessArea.Id, gap.Target, gap.Achieved, gap.Actor.ToId(),
        gap.Missing.Select(cf => cf.Id).ToArray(),
        gap.Exceeding.Select(cf => cf.Id).ToArray());
}

/// <summary>A what-if question: these ratings against this profile.</summary>
public sealed record GapRequest(ConfidenceProfile Profile, RatingGrid Ratings)
{
    /// <summary>
    /// Reads <c>{ "profile": {...}, "ratings": { "PA01": { "1.1": "F", "2.2": 40 } } }</c>. Every bad field is
    /// named by its path: unknown PA or CF id, level outside 0..5, rating outside 0..100 or not N/P/L/F/NA,
    /// unknown actor, a target for an alert level not listed. <c>"NA"</c> makes the cell not applicable (DESIGN §2.2 rule 9).
    /// </summary>
    public static GapRequest? Read(JsonElement root, IDictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body is a JSON object with a profile and ratings."];
            return null;
        }
        ConfidenceProfile? profile = null;
        if (root.TryGetProperty("profile", out var profileJson))
        {
            profile = ConfidenceProfileReader.Read(profileJson, "profile", errors);
        }
        else
        {
            errors["profile"] = ["profile is required: alertLevels, targets and optional responsibilities."];
        }
        RatingGrid? ratings = null;
        if (root.TryGetProperty("ratings", out var ratingsJson))
        {
            ratings = ReadRatings(ratingsJson, "ratings", errors);
        }
        else
        {
            errors["ratings"] = ["ratings is required: cell ratings by process area and common feature (absent cells are N)."];
        }
        return profile is not null && ratings is not null && errors.Count == 0 ? new GapRequest(profile, ratings) : null;
    }

    public static RatingGrid? ReadRatings(JsonElement json, string path, IDictionary<string, string[]> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["ratings maps process area ids to their cells' ratings."];
            return null;
        }
        var cells = new Dictionary<Cell, Rating>();
        var notApplicable = new List<Cell>();
        var before = errors.Count;
        foreach (var processArea in json.EnumerateObject())
        {
            var paPath = $"{path}.{processArea.Name}";
            if (!ProcessAreaId.TryParse(processArea.Name, out var pa))
            {
                errors[paPath] = [$"'{processArea.Name}' is not a process area id (PA01..PA22)."];
                continue;
            }
            if (processArea.Value.ValueKind != JsonValueKind.Object)
            {
                errors[paPath] = ["A process area's ratings map common feature ids (1.1 … 5.2) to ratings."];
                continue;
            }
            foreach (var cell in processArea.Value.EnumerateObject())
            {
                var cellPath = $"{paPath}.{cell.Name}";
                if (!CommonFeature.TryParse(cell.Name, out var cf))
                {
                    errors[cellPath] = [$"'{cell.Name}' is not a common feature id (1.1, 2.1 … 5.2)."];
                }
                else if (IsNotApplicable(cell.Value))
                {
                    notApplicable.Add(new Cell(pa, cf));
                }
                else if (!TryReadRating(cell.Value, out var rating))
                {
                    errors[cellPath] = ["A rating is N, P, L, F, NA (not applicable) or a percentage from 0 to 100."];
                }
                else
                {
                    cells[new Cell(pa, cf)] = rating;
                }
            }
        }
        return errors.Count == before ? RatingGrid.From(cells, notApplicable) : null;
    }

    /// <summary><c>"NA"</c> (any case): the cell is not applicable (DESIGN §2.2 rule 9).</summary>
    private static bool IsNotApplicable(JsonElement json) =>
        json.ValueKind == JsonValueKind.String && string.Equals(json.GetString(), "NA", StringComparison.OrdinalIgnoreCase);

    private static bool TryReadRating(JsonElement json, out Rating rating)
    {
        rating = default;
        return json.ValueKind switch
        {
            JsonValueKind.String => json.GetString() is { Length: 1 } letter && char.IsAsciiLetter(letter[0]) && Rating.TryParse(letter, out rating),
            JsonValueKind.Number => Rating.TryParse(json.GetDouble().ToString(CultureInfo.InvariantCulture), out rating),
            _ => false,
        };
    }
}
