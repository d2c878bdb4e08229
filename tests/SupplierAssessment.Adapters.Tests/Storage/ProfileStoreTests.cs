using Azure.Data.Tables;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>Custom profiles and the procurements that pin them, on a real Azurite with a table prefix of this class's own.</summary>
public class ProfileStoreTests : IAsyncLifetime
{
    private static readonly ConfidenceProfile Government = ShippedData.Profile("government-web-hosting");
    private static readonly DateTimeOffset SavedAt = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private StorageAccount _account = null!;
    private StorageCallCounter _counter = null!;
    private ProcurementStore _procurements = null!;

    private ProfileStore Profiles => new(_account);

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("p" + Guid.NewGuid().ToString("N")[..8]);
        _account = services.GetRequiredService<StorageAccount>();
        _counter = services.GetRequiredService<StorageCallCounter>();
        _procurements = services.GetRequiredService<ProcurementStore>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The government profile made into a custom one, with PA08 at <paramref name="pa08High"/> when the alert is high.</summary>
    private static ConfidenceProfile Custom(string id, int version = 1, int pa08High = 5)
    {
        var draft = ProfileDraft.Of(Government, "en", id, $"Custom {id}").WithTarget(ProcessAreaId.Parse("PA08"), "high", pa08High.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var v1 = CustomProfiles.Derive(Government, draft, []).Profile!;
        var profile = v1;
        while (profile.Version < version)
        {
            profile = CustomProfiles.NextVersion(profile, ProfileDraft.Of(profile, "en", id, profile.Name.En)).Profile!;
        }
        return profile;
    }

    [Fact]
    public async Task Saved_version_is_found_and_listed_with_who_saved_it_and_when()
    {
        var profile = Custom("web-strict");
        await Profiles.AddAsync(profile, "admin@buyer.example", SavedAt);

        var found = await Profiles.FindAsync("web-strict", 1);
        Assert.NotNull(found);
        Assert.Equal(ConfidenceProfileWriter.Write(profile), ConfidenceProfileWriter.Write(found.Profile));
        Assert.Equal(5, found.Profile.Target("high", ProcessAreaId.Parse("PA08")));
        Assert.Equal("admin@buyer.example", found.SavedBy);
        Assert.Equal(SavedAt, found.SavedAt);
        Assert.Equal(["web-strict"], (await Profiles.ListAsync()).Select(p => p.Profile.Id));
        Assert.Null(await Profiles.FindAsync("web-strict", 2));

        var row = (await _account.Profiles.GetEntityAsync<TableEntity>(ProfileStore.Partition, "web-strict.v0001")).Value;
        Assert.Equal(ConfidenceProfileWriter.Write(profile), row.GetString("ProfileJson"));
    }

    [Fact]
    public async Task A_saved_version_never_changes_a_second_save_of_it_is_a_conflict()
    {
        await Profiles.AddAsync(Custom("frozen", pa08High: 4), "admin@buyer.example", SavedAt);

        var conflict = await Assert.ThrowsAsync<ProfileVersionExistsException>(() =>
            Profiles.AddAsync(Custom("frozen", pa08High: 5), "other-admin@buyer.example", SavedAt.AddHours(1)));

        Assert.Contains("Version 1 of profile 'frozen'", conflict.Message);
        var kept = await Profiles.FindAsync("frozen", 1);
        Assert.Equal(4, kept!.Profile.Target("high", ProcessAreaId.Parse("PA08")));
        Assert.Equal("admin@buyer.example", kept.SavedBy);
    }

    [Fact]
    public async Task Latest_is_the_newest_version_of_that_id_only()
    {
        // "web" sorts between "web-x" and "web2" and "web.v…": the range query must keep to "web.v…".
        foreach (var version in Enumerable.Range(1, 10))
        {
            await Profiles.AddAsync(Custom("web", version), "admin@buyer.example", SavedAt);
        }
        await Profiles.AddAsync(Custom("web-x", 12), "admin@buyer.example", SavedAt);
        await Profiles.AddAsync(Custom("web2", 11), "admin@buyer.example", SavedAt);

        Assert.Equal(10, (await Profiles.LatestAsync("web"))!.Profile.Version);
        Assert.Equal(12, (await Profiles.LatestAsync("web-x"))!.Profile.Version);
        Assert.Equal(11, (await Profiles.LatestAsync("web2"))!.Profile.Version);
        Assert.Null(await Profiles.LatestAsync("we"));
        var listed = (await Profiles.ListAsync()).Select(p => $"{p.Profile.Id}.v{p.Profile.Version}").ToArray();
        Assert.Equal(12, listed.Length);
        Assert.Equal("web.v1", listed[0]);
        Assert.Equal("web.v10", listed[9]); // by version, not by key text
    }

    [Theory]
    [InlineData("../web")]
    [InlineData("PA'01")]
    [InlineData("x")]
    [InlineData("")]
    public async Task An_id_that_cannot_be_a_custom_profile_finds_nothing_without_asking_storage(string id)
    {
        var before = _counter.Calls;
        Assert.Null(await Profiles.FindAsync(id, 1));
        Assert.Null(await Profiles.LatestAsync(id));
        Assert.Equal(before, _counter.Calls);
    }

    [Fact]
    public async Task A_shipped_profile_is_never_saved_as_a_custom_one()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Profiles.AddAsync(Government, "admin@buyer.example", SavedAt));
        Assert.DoesNotContain(await Profiles.ListAsync(), p => p.Profile.Id == Government.Id);
    }

    [Fact]
    public async Task A_procurement_with_a_custom_profile_keeps_it_on_its_row_and_reads_it_back_in_one_call()
    {
        var procurements = _procurements;
        var profile = Custom("pinned-strict");
        var procurement = Procurement.Create("proc-custom", "pm@buyer.example", "Portal", "pm@buyer.example", profile, "high", null, SavedAt);
        await procurements.AddAsync(procurement);

        var before = _counter.Calls;
        var read = await procurements.FindAsync("pm@buyer.example", "proc-custom");
        Assert.Equal(1, _counter.Calls - before);

        Assert.NotNull(read!.CustomProfile);
        Assert.Equal(("pinned-strict", 1), (read.ProfileId, read.ProfileVersion));
        Assert.Equal(ConfidenceProfileWriter.Write(profile), ConfidenceProfileWriter.Write(read.CustomProfile));

        // Saving the procurement again (an alert-level change) keeps its profile.
        read.ChangeAlertLevel(read.CustomProfile, "normal");
        await procurements.SaveAsync(read);
        var saved = await procurements.FindAsync("pm@buyer.example", "proc-custom");
        Assert.Equal("normal", saved!.ActiveAlertLevel);
        Assert.Equal(5, saved.CustomProfile!.Target("high", ProcessAreaId.Parse("PA08")));
    }

    [Fact]
    public async Task A_procurement_with_a_shipped_profile_has_no_profile_json_as_before()
    {
        var procurements = _procurements;
        await procurements.AddAsync(Procurement.Create("proc-shipped", "pm@buyer.example", "Portal", "pm@buyer.example", Government, null, null, SavedAt));

        var row = (await _account.Procurements.GetEntityAsync<TableEntity>("pm@buyer.example", "proc-shipped")).Value;
        Assert.False(row.ContainsKey("ProfileJson"));
        var read = await procurements.FindAsync("pm@buyer.example", "proc-shipped");
        Assert.Null(read!.CustomProfile);
        Assert.Equal(("government-web-hosting", 1), (read.ProfileId, read.ProfileVersion));
    }
}
