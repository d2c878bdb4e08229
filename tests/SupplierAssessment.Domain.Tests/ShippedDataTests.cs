using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain.Tests;

public class ShippedDataTests
{
    private static QuestionnaireTemplate Template => ShippedData.CurrentTemplate;

    [Fact]
    public void Catalog_holds_the_5_levels_12_common_features_and_22_process_areas()
    {
        var catalog = ShippedData.Catalog;
        Assert.Equal([1, 2, 3, 4, 5], catalog.CapabilityLevels.Select(l => l.Level));
        Assert.Equal(CommonFeature.All, catalog.CommonFeatures.Select(cf => cf.Id));
        Assert.Equal(ProcessAreaId.All, catalog.ProcessAreas.Select(pa => pa.Id));
        Assert.Equal("Administer Security Controls", catalog.ProcessAreas[0].Name.En);
        Assert.Equal("Coordinate with Suppliers", catalog.ProcessAreas[21].Name.En);
    }

    [Theory]
    [InlineData("1.1", 1)]
    [InlineData("2.1", 6)]
    [InlineData("2.2", 2)]
    [InlineData("2.3", 2)]
    [InlineData("2.4", 2)]
    [InlineData("3.1", 2)]
    [InlineData("3.2", 3)]
    [InlineData("3.3", 3)]
    [InlineData("4.1", 1)]
    [InlineData("4.2", 2)]
    [InlineData("5.1", 2)]
    [InlineData("5.2", 3)]
    public void Each_common_feature_ships_the_generic_practices_of_SSE_CMM_appendix_A(string commonFeature, int count)
    {
        var cf = ShippedData.Catalog[CommonFeature.Parse(commonFeature)];
        Assert.Equal(count, cf.GenericPractices.Count);
        Assert.All(cf.GenericPractices, gp => Assert.StartsWith($"GP {commonFeature}.", gp.Id));
    }

    [Fact]
    public void Security_process_areas_ship_their_base_practices_and_goals_in_both_languages()
    {
        foreach (var pa in ShippedData.Catalog.ProcessAreas)
        {
            Assert.NotEmpty(pa.Goals);
            Assert.All(pa.Goals, g => Assert.False(string.IsNullOrWhiteSpace(g.Fr), $"{pa.Id} goal has no French"));
            if (pa.Id.IsSecurityEngineering)
            {
                Assert.True(pa.BasePractices.Count >= 4, $"{pa.Id} has {pa.BasePractices.Count} base practices");
                Assert.All(pa.BasePractices, bp => Assert.StartsWith($"BP.{pa.Id.Number:00}.", bp.Id));
            }
        }
    }

    [Fact]
    public void Template_has_the_9_CELAR_topics_in_the_paper_order()
    {
        Assert.Equal(
            ["security-policy", "organization", "procedures", "physical-security", "networks", "backup", "security-survey", "security-configuration", "audit"],
            Template.Topics.Select(t => t.Id));
    }

    [Fact]
    public void Template_has_at_least_45_scored_questions_and_text_and_evidence_questions()
    {
        Assert.True(Template.ScoredQuestions.Count >= 45, $"{Template.ScoredQuestions.Count} scored questions");
        Assert.Contains(Template.Questions, q => q.Kind == QuestionKind.Text);
        Assert.Contains(Template.Questions, q => q.Kind == QuestionKind.Evidence);
        Assert.Contains(Template.Questions, q => q.Kind == QuestionKind.Choice);
        Assert.Contains(Template.Questions, q => q.Required);
    }

    [Fact]
    public void Every_process_area_is_covered_by_a_scored_question()
    {
        var covered = Template.ScoredQuestions.SelectMany(q => q.Cells).Select(c => c.ProcessArea).ToHashSet();
        Assert.Equal(ProcessAreaId.All, ProcessAreaId.All.Where(covered.Contains));
    }

    [Fact]
    public void Every_question_speaks_English_and_French_and_has_help()
    {
        foreach (var q in Template.Questions)
        {
            Assert.False(string.IsNullOrWhiteSpace(q.Text.En) || string.IsNullOrWhiteSpace(q.Text.Fr), $"{q.Id} text");
            Assert.False(string.IsNullOrWhiteSpace(q.Help.En) || string.IsNullOrWhiteSpace(q.Help.Fr), $"{q.Id} help");
            Assert.All(q.Options, o => Assert.False(string.IsNullOrWhiteSpace(o.Label.Fr), $"{q.Id}/{o.Id} label"));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Answering_every_scale_question_with_k_gives_every_scale_covered_process_area_level_k(int k)
    {
        var answers = new Answers(Template.ScoredQuestions.Where(q => q.Kind == QuestionKind.Scale)
            .Select(q => KeyValuePair.Create(q.Id, (Answer)new ScaleAnswer(k))));
        var grid = Scoring.Rate(Template, answers);
        var scaleCovered = Template.ScoredQuestions.Where(q => q.Kind == QuestionKind.Scale).SelectMany(q => q.ProcessAreas).Distinct().ToArray();

        Assert.Equal(22, scaleCovered.Length);
        Assert.All(scaleCovered, pa => Assert.Equal(k, grid.AchievedLevel(pa)));
    }

    [Fact]
    public void Shipped_profiles_parse_and_give_a_rationale_for_every_process_area()
    {
        Assert.True(ShippedData.Profiles.Count >= 2);
        foreach (var profile in ShippedData.Profiles)
        {
            Assert.Equal(ProcessAreaId.All, ProcessAreaId.All.Where(profile.Rationale.ContainsKey));
        }
    }

    [Fact]
    public void Government_profile_never_asks_less_when_the_alert_rises_and_asks_less_than_uniform_level_3()
    {
        var profile = ShippedData.Profile("government-web-hosting");
        Assert.Equal(["normal", "elevated", "high"], profile.AlertLevels);
        foreach (var pa in ProcessAreaId.All)
        {
            var targets = profile.AlertLevels.Select(al => profile.Target(al, pa)).ToArray();
            Assert.True(targets.SequenceEqual(targets.Order()), $"{pa} targets {string.Join("/", targets)} fall as the alert rises");
        }
        Assert.True(profile.RequiredCells("normal") < ShippedData.Profile("uniform-level-3").RequiredCells("normal"));
    }

    [Fact]
    public void Uniform_level_3_requires_8_cells_per_process_area()
    {
        var uniform = ShippedData.Profile("uniform-level-3");
        Assert.Equal(22 * 8, uniform.RequiredCells(uniform.AlertLevels[0]));
        Assert.Equal(22 * 8, GapAnalysis.Compute(RatingGrid.Empty, uniform).Variants[0].MissingPoints);
    }
}
