using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>The targets set for a procurement travel on its row, on a real Azurite, and their saves are ETag-checked.</summary>
public class ProcurementTargetsStoreTests : IAsyncLifetime
{
    private static readonly ProcessAreaId Pa08 = ProcessAreaId.Parse("PA08");
    private ProcurementStore _procurements = null!;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("t" + Guid.NewGuid().ToString("N")[..8]);
        _procurements = services.GetRequiredService<ProcurementStore>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Procurement NewProcurement() => Procurement.Create(
        Guid.NewGuid().ToString("N"), "pm@buyer.example", "Portal", "pm@buyer.example", ShippedData.Profile("government-web-hosting"), "normal", null, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Adjusted_targets_are_read_back_with_the_procurement_and_pin_its_own_profile()
    {
        var procurement = NewProcurement();
        procurement.AdjustTargets([new TargetAdjustment(Pa08, "high", 5, "Card payments — « paiements »")], []);
        await _procurements.AddAsync(procurement);

        var read = (await _procurements.FindAsync("pm@buyer.example", procurement.Id))!;

        Assert.Equal(procurement.TargetAdjustments, read.TargetAdjustments);
        Assert.Equal(5, ProcurementTargets.PinnedProfile(read).Target("high", Pa08));
        Assert.Equal($"1+procurement.{procurement.Id}", ProcurementTargets.PinnedProfile(read).VersionLabel);
    }

    [Fact]
    public async Task A_procurement_without_adjustments_reads_back_with_none()
    {
        var procurement = NewProcurement();
        await _procurements.AddAsync(procurement);
        Assert.Empty((await _procurements.FindAsync("pm@buyer.example", procurement.Id))!.TargetAdjustments);
    }

    [Fact]
    public async Task Two_changes_from_the_same_version_cannot_both_win()
    {
        var procurement = NewProcurement();
        await _procurements.AddAsync(procurement);
        var first = (await _procurements.FindAsync("pm@buyer.example", procurement.Id))!;
        var second = (await _procurements.FindAsync("pm@buyer.example", procurement.Id))!;

        first.AdjustTargets([new TargetAdjustment(Pa08, "high", 5, "First.")], []);
        await _procurements.SaveAsync(first);
        second.AdjustTargets([new TargetAdjustment(Pa08, "high", 3, "Second.")], []);
        await Assert.ThrowsAsync<StaleWriteException>(() => _procurements.SaveAsync(second));

        Assert.Equal(5, Assert.Single((await _procurements.FindAsync("pm@buyer.example", procurement.Id))!.TargetAdjustments).Target);
    }
}
