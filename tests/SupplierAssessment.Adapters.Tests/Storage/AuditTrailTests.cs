using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>
/// The audit trail on a real Azurite: an assessment's change and its audit entry are stored in one transaction — both
/// or neither (issue 13: a process killed between two writes left changes unaudited) — and entries written before they
/// moved beside the assessments are still listed, in order.
/// </summary>
public class AuditTrailTests : IAsyncLifetime
{
    private const string Owner = "pm@buyer.example";
    private const string Procurement = "proc-audit";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private StorageAccount _account = null!;
    private AssessmentStore _assessments = null!;
    private ProcurementStore _procurements = null!;
    private StorageCallCounter _counter = null!;
    private StageOutbox _outbox = null!;
    private AuditTrail _audit = null!;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("a" + Guid.NewGuid().ToString("N")[..8]);
        _account = services.GetRequiredService<StorageAccount>();
        _assessments = services.GetRequiredService<AssessmentStore>();
        _procurements = services.GetRequiredService<ProcurementStore>();
        _counter = services.GetRequiredService<StorageCallCounter>();
        _outbox = services.GetRequiredService<StageOutbox>();
        _audit = new AuditTrail(_account, _time);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An entry stored on its own, as an email's outcome is when it has no outbox row to settle.</summary>
    private Task RecordAsync(AuditNote note) => _outbox.SettleAsync(note.ProcurementId, null, audit: note);

    private async Task<StoredAssessment> InvitedAsync(string email = "sec@hosting.example")
    {
        var (assessment, _) = Assessment.Invite(Procurement, "Hosting", email, ShippedData.CurrentTemplate, Now);
        await _assessments.AddAsync(assessment, Owner, audit: _audit.Note(Procurement, Owner, "supplier invited", assessment.Id));
        return (await _assessments.FindAsync(Procurement, assessment.Id))!;
    }

    [Fact]
    public async Task A_change_and_its_audit_entry_are_one_storage_call_and_the_entry_says_who_what_and_when()
    {
        var stored = await InvitedAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        stored.Assessment.RevokeLink();

        var before = _counter.Calls;
        await _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag, audit: _audit.Note(Procurement, Owner, "link revoked", stored.Assessment.Id));
        Assert.Equal(1, _counter.Calls - before);

        var entries = await _audit.ListAsync(Procurement, Owner);
        Assert.Equal(["link revoked", "supplier invited"], entries.Select(e => e.Action));
        Assert.Equal(Now.AddMinutes(5), entries[0].At);
        Assert.Equal(Owner, entries[0].Actor);
        Assert.Equal(stored.Assessment.Id, entries[0].AssessmentId);
        Assert.True((await _assessments.FindAsync(Procurement, stored.Assessment.Id))!.Assessment.LinkRevoked);
    }

    [Fact]
    public async Task A_change_refused_as_stale_leaves_no_audit_entry_behind()
    {
        var stored = await InvitedAsync();
        var other = (await _assessments.FindAsync(Procurement, stored.Assessment.Id))!;
        other.Assessment.AssignReviewer("expert@celar.example", "en");
        await _assessments.SaveAsync(other.Assessment, Owner, other.ETag);

        stored.Assessment.Withdraw();
        await Assert.ThrowsAsync<StaleWriteException>(() => _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag, releasesEmail: true,
            audit: _audit.Note(Procurement, Owner, "supplier withdrawn", stored.Assessment.Id)));

        Assert.Equal(["supplier invited"], (await _audit.ListAsync(Procurement, Owner)).Select(e => e.Action));
        Assert.Equal(AssessmentState.Invited, (await _assessments.FindAsync(Procurement, stored.Assessment.Id))!.Assessment.State);
    }

    [Fact]
    public async Task An_invitation_refused_for_its_email_is_not_audited()
    {
        await InvitedAsync("sec@hosting.example");
        var (again, _) = Assessment.Invite(Procurement, "Hosting again", "SEC@hosting.example", ShippedData.CurrentTemplate, Now);

        await Assert.ThrowsAsync<EmailAlreadyInvitedException>(() =>
            _assessments.AddAsync(again, Owner, audit: _audit.Note(Procurement, Owner, "supplier invited", again.Id)));

        Assert.Single(await _audit.ListAsync(Procurement, Owner));
    }

    [Fact]
    public async Task Audit_rows_stay_out_of_the_procurement_s_assessments()
    {
        var stored = await InvitedAsync();
        await RecordAsync(_audit.Note(Procurement, Owner, "alert level changed", details: "normal → high"));

        var listed = await _assessments.ListAsync(Procurement);
        Assert.Equal([stored.Assessment.Id], listed.Select(s => s.Assessment.Id));
    }

    [Fact]
    public async Task Entries_stored_in_the_former_audit_table_are_listed_with_the_new_ones_newest_first_and_bounded()
    {
        // As the trail stored them before: table "audit", the procurement's partition, RowKey "{inverted ticks}-{guid}".
        foreach (var (minutes, action) in new[] { (0, "procurement created"), (2, "supplier invited") })
        {
            var at = Now.AddMinutes(minutes);
            await _account.Audit.AddEntityAsync(new TableEntity(Procurement, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{Guid.NewGuid():N}")
            {
                ["At"] = at, ["Actor"] = Owner, ["Action"] = action,
            });
        }
        _time.Advance(TimeSpan.FromMinutes(1));
        await RecordAsync(_audit.Note(Procurement, Owner, "report language chosen", details: "fr"));
        _time.Advance(TimeSpan.FromMinutes(2));
        await RecordAsync(_audit.Note(Procurement, Owner, "due date changed"));

        Assert.Equal(["due date changed", "supplier invited", "report language chosen", "procurement created"],
            (await _audit.ListAsync(Procurement, Owner)).Select(e => e.Action));
        Assert.Equal(["due date changed", "supplier invited"], (await _audit.ListAsync(Procurement, Owner, max: 2)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_change_of_the_procurement_is_audited_in_its_own_write_and_a_stale_one_not_at_all()
    {
        var procurement = Domain.Assessments.Procurement.Create("proc-own", Owner, "Portal hosting", Owner, ShippedData.Profile("government-web-hosting"), "normal", 3, Now);
        var before = _counter.Calls;
        await _procurements.AddAsync(procurement, audit: [_audit.Note(procurement.Id, Owner, "procurement created")]);
        Assert.Equal(1, _counter.Calls - before);

        var mine = (await _procurements.FindAsync(Owner, procurement.Id))!;
        var theirs = (await _procurements.FindAsync(Owner, procurement.Id))!;
        _time.Advance(TimeSpan.FromMinutes(1));
        mine.ChangeAlertLevel(ShippedData.Profile("government-web-hosting"), "high");
        before = _counter.Calls;
        await _procurements.SaveAsync(mine, audit: [_audit.Note(procurement.Id, Owner, "alert level changed", details: "normal → high")]);
        Assert.Equal(1, _counter.Calls - before);
        theirs.ChangeAlertLevel(ShippedData.Profile("government-web-hosting"), "elevated");
        await Assert.ThrowsAsync<StaleWriteException>(() =>
            _procurements.SaveAsync(theirs, audit: [_audit.Note(procurement.Id, Owner, "alert level changed", details: "normal → elevated")]));

        var entries = await _audit.ListAsync(procurement.Id, Owner);
        Assert.Equal(["alert level changed", "procurement created"], entries.Select(e => e.Action));
        Assert.Equal("normal → high", entries[0].Details);
        Assert.Empty(await _audit.ListAsync(procurement.Id, "someone-else@buyer.example")); // the owner's partition only
        Assert.Equal([procurement.Id], (await _procurements.ListAsync(Owner)).Select(p => p.Id)); // audit rows are not procurements
    }

    [Fact]
    public async Task Long_details_are_cut_and_end_in_an_ellipsis()
    {
        await RecordAsync(_audit.Note(Procurement, Owner, "target adjusted", details: new string('x', 5000)));

        var details = (await _audit.ListAsync(Procurement, Owner)).Single().Details!;
        Assert.Equal(AuditTrail.MaxDetailsLength, details.Length);
        Assert.EndsWith("…", details);
    }
}
