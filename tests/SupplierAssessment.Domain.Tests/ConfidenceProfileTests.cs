using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Tests;

public class ConfidenceProfileTests
{
    private static readonly ConfidenceProfile Named = new(
        "named", 1, new LocalizedText("Named", "Nommé"), ["normal", "elevated", "high", "storm"],
        new Dictionary<string, IReadOnlyDictionary<ProcessAreaId, int>>(),
        alertLevelNames: new Dictionary<string, LocalizedText>
        {
            ["normal"] = new("Normal", "Normal"),
            ["elevated"] = new("Elevated", ""),
            ["high"] = new("", "Élevé"),
        });

    [Theory]
    [InlineData("normal", "en", "Normal", "named in both languages")]
    [InlineData("elevated", "fr", "Elevated", "no French name: the English one")]
    [InlineData("high", "fr", "Élevé", "the French name")]
    [InlineData("high", "en", "high", "no English name: the level itself")]
    [InlineData("storm", "en", "storm", "no name at all: the level itself")]
    [InlineData("storm", "fr", "storm", "no name at all: the level itself")]
    public void An_alert_level_reads_as_its_name_else_as_itself(string alertLevel, string language, string expected, string reason)
    {
        var name = Named.AlertLevelName(alertLevel).In(language);

        Assert.True(expected == name, $"{reason}: got '{name}'");
    }
}
