using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Profiles an administrator makes from an existing one: derivation, validation by field, and the JSON they are stored in.</summary>
public class CustomProfileTests
{
    private static readonly ConfidenceProfile Government = ShippedData.Profile("government-web-hosting");
    private static readonly ProcessAreaId PA03 = ProcessAreaId.Parse("PA03");
    private static readonly ProcessAreaId PA05 = ProcessAreaId.Parse("PA05");

    /// <summary>The form as it opens on the government profile, with a new id and name filled in.</summary>
    private static ProfileDraft Draft(string id = "web-hosting-strict", string name = "Government web hosting (strict)", string language = "en") =>
        ProfileDraft.Of(Government, language, id, name);

    private static ConfidenceProfile Derived(ProfileDraft draft) =>
        CustomProfiles.Derive(Government, draft, []).Profile ?? throw new Xunit.Sdk.XunitException("the draft was refused");

    // ---- the JSON writer ----

    [Theory]
    [InlineData("government-web-hosting")]
    [InlineData("uniform-level-3")]
    public void Written_profile_reads_back_to_the_same_profile(string id)
    {
        var profile = ShippedData.Profile(id);
        var json = ConfidenceProfileWriter.Write(profile);
        var read = ConfidenceProfileReader.Parse(json);

        AssertSameProfile(profile, read);
        Assert.Equal(json, ConfidenceProfileWriter.Write(read));
    }

    [Fact]
    public void Written_profile_keeps_a_responsibility_override_every_target_and_accented_text_as_it_is()
    {
        var profile = new ConfidenceProfile(
            "pm-heavy", 7, new LocalizedText("PM heavy", "Chef de projet « lourd »"), ["calm", "storm"],
            new Dictionary<string, IReadOnlyDictionary<ProcessAreaId, int>> { ["storm"] = new Dictionary<ProcessAreaId, int> { [PA05] = 4 } },
            ResponsibilityMatrix.Default.WithOverrides([KeyValuePair.Create(PA05, Actor.ProjectManager)]), baselineLevel: 2,
            rationale: new Dictionary<ProcessAreaId, LocalizedText> { [PA05] = new("Scans <weekly> & \"on demand\"", "Analyses hebdomadaires, à la demande") });

        var json = ConfidenceProfileWriter.Write(profile);
        var read = ConfidenceProfileReader.Parse(json);

        AssertSameProfile(profile, read);
        Assert.Equal(Actor.ProjectManager, read.Responsibilities[PA05]);
        Assert.Equal(0, read.Target("calm", PA05)); // written as 0, not left out
        Assert.Contains("\"calm\":{\"PA01\":0,", json);
        Assert.Contains("Analyses hebdomadaires, à la demande", json);
    }

    // ---- deriving a new profile ----

    [Fact]
    public void Derived_profile_has_its_own_id_version_1_the_edited_target_and_the_source_matrix_levels_and_baseline()
    {
        var derived = Derived(Draft().WithTarget(PA03, "high", "5"));

        Assert.Equal("web-hosting-strict", derived.Id);
        Assert.Equal(1, derived.Version);
        Assert.Equal(new LocalizedText("Government web hosting (strict)", "Government web hosting (strict)"), derived.Name);
        Assert.Equal(5, derived.Target("high", PA03));
        Assert.Equal(Government.AlertLevels, derived.AlertLevels);
        foreach (var level in Government.AlertLevels)
        {
            foreach (var pa in ProcessAreaId.All.Where(pa => !(pa == PA03 && level == "high")))
            {
                Assert.Equal(Government.Target(level, pa), derived.Target(level, pa));
            }
        }
        Assert.All(ProcessAreaId.All, pa => Assert.Equal(Government.Responsibilities[pa], derived.Responsibilities[pa]));
        Assert.Equal(Government.BaselineLevel, derived.BaselineLevel);
        Assert.Equal(Government.AlertLevelNames, derived.AlertLevelNames);
        Assert.Equal(Government.Description, derived.Description);
    }

    [Fact]
    public void Raising_a_target_from_3_to_5_requires_the_four_cells_of_levels_4_and_5()
    {
        Assert.Equal(3, Government.Target("high", PA03));
        var derived = Derived(Draft().WithTarget(PA03, "high", "5"));
        Assert.Equal(Government.RequiredCells("high") + 4, derived.RequiredCells("high"));
    }

    [Fact]
    public void Rationale_left_as_shown_keeps_both_languages_and_an_edited_one_is_the_typed_line_in_both()
    {
        var derived = Derived(Draft(language: "fr").WithRationale(PA05, "  Balayage hebdomadaire exigé.  "));

        Assert.Equal(Government.Rationale[PA03], derived.Rationale[PA03]);
        Assert.Equal(new LocalizedText("Balayage hebdomadaire exigé.", "Balayage hebdomadaire exigé."), derived.Rationale[PA05]);
    }

    [Fact]
    public void Next_version_of_a_custom_profile_keeps_its_id_and_adds_one_to_its_version()
    {
        var v1 = Derived(Draft());
        var v2 = CustomProfiles.NextVersion(v1, ProfileDraft.Of(v1, "en", v1.Id, v1.Name.En).WithTarget(PA05, "normal", "4")).Profile!;

        Assert.Equal(v1.Id, v2.Id);
        Assert.Equal(2, v2.Version);
        Assert.Equal(4, v2.Target("normal", PA05));
        Assert.Equal(v1.Name, v2.Name);
        Assert.Equal(2, v1.Target("normal", PA05)); // the saved version is not touched
    }

    [Fact]
    public void A_shipped_profile_has_no_next_version()
    {
        Assert.Throws<ArgumentException>(() => CustomProfiles.NextVersion(Government, Draft()));
    }

    // ---- validation, named by field ----

    [Theory]
    [InlineData("7", "above level 5")]
    [InlineData("-1", "below level 0")]
    [InlineData("2.5", "not a whole level")]
    [InlineData("two", "not a number")]
    [InlineData("", "left empty")]
    [InlineData("   ", "only spaces")]
    public void A_target_that_is_not_a_whole_level_from_0_to_5_is_refused_by_its_field(string typed, string reason)
    {
        var result = CustomProfiles.Derive(Government, Draft().WithTarget(PA03, "high", typed), []);

        Assert.False(result.Succeeded, reason);
        Assert.Null(result.Profile);
        Assert.Equal(["targets.PA03.high"], result.Errors.Keys);
        Assert.Equal("The target of PA03 at High is a whole level from 0 to 5.", result.Errors["targets.PA03.high"].En);
        Assert.Equal("La cible de PA03 au niveau Élevé est un niveau entier de 0 à 5.", result.Errors["targets.PA03.high"].Fr);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    [InlineData(" 4 ")]
    public void Targets_0_to_5_are_accepted_spaces_around_allowed(string typed)
    {
        var derived = Derived(Draft().WithTarget(PA03, "high", typed));
        Assert.Equal(int.Parse(typed.Trim(), System.Globalization.CultureInfo.InvariantCulture), derived.Target("high", PA03));
    }

    [Fact]
    public void A_missing_target_is_refused_by_its_field()
    {
        var result = CustomProfiles.Derive(Government, Draft().WithoutTarget(PA05, "elevated"), []);
        Assert.Equal(["targets.PA05.elevated"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ab", "too short")]
    [InlineData("Web-Hosting", "upper case")]
    [InlineData("web hosting", "a space")]
    [InlineData("web_hosting", "an underscore")]
    [InlineData("web.hosting", "a dot, which the storage key uses")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g", "61 characters")]
    public void An_id_that_is_not_a_slug_of_3_to_60_characters_is_refused(string id, string reason)
    {
        var result = CustomProfiles.Derive(Government, Draft(id: id), []);
        Assert.True(result.Errors.ContainsKey("id"), reason);
        Assert.Single(result.Errors);
        Assert.StartsWith("Give an id of 3 to 60 characters", result.Errors["id"].En);
    }

    [Fact]
    public void An_id_is_checked_as_a_whole_so_a_trailing_line_break_is_not_a_slug_but_the_form_trims_what_is_typed()
    {
        Assert.False(CustomProfiles.IsValidId("web-hosting\n"));
        Assert.Equal("web-hosting", Derived(Draft(id: " web-hosting\n")).Id);
    }

    [Fact]
    public void An_id_of_60_characters_with_digits_and_hyphens_is_accepted()
    {
        var id = "a123456789b123456789c123456789d123456789e123456789f12345678-";
        Assert.Equal(60, id.Length);
        Assert.Equal(id, Derived(Draft(id: id)).Id);
    }

    [Fact]
    public void The_id_of_a_shipped_profile_is_refused()
    {
        var result = CustomProfiles.Derive(Government, Draft(id: "uniform-level-3"), []);
        Assert.Equal("'uniform-level-3' is the id of a profile shipped with the product: choose another id.", result.Errors["id"].En);
    }

    [Fact]
    public void The_id_of_a_saved_custom_profile_is_refused_for_a_new_profile()
    {
        var result = CustomProfiles.Derive(Government, Draft(id: "web-hosting-strict"), ["other", "web-hosting-strict"]);
        Assert.StartsWith("A custom profile 'web-hosting-strict' already exists", result.Errors["id"].En);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "only spaces")]
    [InlineData(null, "absent")]
    public void A_profile_without_a_name_is_refused(string? name, string reason)
    {
        var result = CustomProfiles.Derive(Government, Draft() with { Name = name }, []);
        Assert.True(result.Errors.Keys.SequenceEqual(["name"]), reason);
        Assert.Equal("Give the profile a name of 1 to 100 characters.", result.Errors["name"].En);
    }

    [Fact]
    public void A_name_of_100_characters_is_accepted_and_101_is_refused()
    {
        Assert.Equal(100, Derived(Draft(name: new string('n', 100))).Name.En.Length);
        Assert.Equal(["name"], CustomProfiles.Derive(Government, Draft(name: new string('n', 101)), []).Errors.Keys);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("First line\nsecond line", "two lines")]
    public void A_rationale_that_is_not_one_line_is_refused_by_its_field(string rationale, string reason)
    {
        var result = CustomProfiles.Derive(Government, Draft().WithRationale(PA05, rationale), []);
        Assert.True(result.Errors.ContainsKey("rationale.PA05"), reason);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void A_rationale_of_300_characters_is_accepted_and_301_is_refused()
    {
        Assert.Equal(300, Derived(Draft().WithRationale(PA05, new string('r', 300))).Rationale[PA05].En.Length);
        Assert.Equal(["rationale.PA05"], CustomProfiles.Derive(Government, Draft().WithRationale(PA05, new string('r', 301)), []).Errors.Keys);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var draft = Draft(id: "government-web-hosting", name: "").WithTarget(PA03, "high", "7").WithTarget(PA05, "normal", "x").WithRationale(PA05, "");

        var result = CustomProfiles.Derive(Government, draft, []);

        Assert.Equal(["id", "name", "rationale.PA05", "targets.PA03.high", "targets.PA05.normal"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    // ---- pinning ----

    [Fact]
    public void A_procurement_carries_a_custom_profile_and_not_a_shipped_one()
    {
        var derived = Derived(Draft());
        var custom = Procurement.Create("p1", "pm", "Portal", "pm@example.org", derived, "high", null, DateTimeOffset.UnixEpoch);
        var shipped = Procurement.Create("p2", "pm", "Portal", "pm@example.org", Government, "high", null, DateTimeOffset.UnixEpoch);

        Assert.Same(derived, custom.CustomProfile);
        Assert.Equal(("web-hosting-strict", 1), (custom.ProfileId, custom.ProfileVersion));
        Assert.Null(shipped.CustomProfile);
    }

    [Fact]
    public void A_procurement_cannot_carry_another_profile_than_the_one_it_pins()
    {
        var derived = Derived(Draft());
        Assert.Throws<ArgumentException>(() => new Procurement(
            "p1", "pm", "Portal", "pm@example.org", "government-web-hosting", 1, "high", 3, DateTimeOffset.UnixEpoch, customProfile: derived));
    }

    private static void AssertSameProfile(ConfidenceProfile expected, ConfidenceProfile actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.AlertLevels, actual.AlertLevels);
        Assert.Equal(expected.AlertLevelNames, actual.AlertLevelNames);
        Assert.Equal(expected.BaselineLevel, actual.BaselineLevel);
        foreach (var level in expected.AlertLevels)
        {
            Assert.Equal(expected.Targets(level), actual.Targets(level));
        }
        Assert.All(ProcessAreaId.All, pa => Assert.Equal(expected.Responsibilities[pa], actual.Responsibilities[pa]));
        Assert.Equal(expected.Rationale.OrderBy(r => r.Key), actual.Rationale.OrderBy(r => r.Key));
    }
}
