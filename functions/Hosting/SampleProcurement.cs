using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// On an empty local storage, a sample procurement to click through: two invited suppliers, one of whom has
/// answered and submitted (its report and email follow through the real pipeline). "Sample:Enabled" turns it off.
/// </summary>
public sealed class SampleProcurement(
    ProcurementStore procurements, AssessmentStore assessments, EvidenceStore evidence, StageQueues queues, AuditTrail audit, AppLinks links,
    KeptLinks keptLinks, TimeProvider time, IConfiguration configuration, ILogger<SampleProcurement> logger)
{
    public const string OwnerId = "pm@example.org";

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if ((await procurements.ListAsync(OwnerId, ct)).Count > 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var template = ShippedData.CurrentTemplate;
        var procurement = Procurement.Create(Ids.New(), OwnerId, "Ministry web portal hosting (sample)", OwnerId,
            ShippedData.Profile("government-web-hosting"), "normal", 3, now);

        var (answered, _) = Assessment.Invite(procurement.Id, "Northwind Hosting", "security@northwind.example", template, now, procurement.AnswersDue);
        var level = 0;
        answered.SaveAnswers(new AnswerChanges(template.Questions.Where(q => q.Required || q.IsScored).ToDictionary(q => q.Id, q => q.Kind switch
        {
            QuestionKind.Scale => (Answer)new ScaleAnswer(1 + level++ % 3),
            QuestionKind.Choice => (Answer)new ChoiceAnswer(q.Options[Math.Min(q.Options.Count - 1, 1 + level++ % q.Options.Count)].Id),
            QuestionKind.Text => new TextAnswer("Described in our security plan; details on site."),
            _ => new EvidenceAnswer([]),
        }).Where(a => a.Value is not EvidenceAnswer).ToDictionary(), []));
        foreach (var question in template.Questions.Where(q => q.Kind == QuestionKind.Evidence && q.Required))
        {
            var fileId = Ids.New();
            var content = System.Text.Encoding.UTF8.GetBytes($"Sample evidence for {question.Id}: our security policy, approved by the board.");
            await evidence.SaveAsync(procurement.Id, answered.Id, fileId, new MemoryStream(content), "text/plain", "security-policy.txt", ct);
            answered.AttachEvidence(question.Id, new EvidenceFile(fileId, "security-policy.txt", "text/plain", content.Length));
        }
        answered.Submit(template, now);
        await assessments.AddAsync(answered, OwnerId, ct, audit: audit.Note(procurement.Id, "system", "supplier invited", answered.Id, "sample: answered and submitted at once"));
        var (waiting, link) = Assessment.Invite(procurement.Id, "Contoso Cloud", "rssi@contoso.example", template, now, procurement.AnswersDue);
        keptLinks.Keep(waiting, link); // so that "Remind now" and the timer's reminders carry Contoso's link
        await assessments.AddAsync(waiting, OwnerId, ct, audit: audit.Note(procurement.Id, "system", "supplier invited", waiting.Id));

        // The procurement last, so that nobody sees it half made; before the submission, which the report stage reads it for.
        await procurements.AddAsync(procurement, ct, [audit.Note(procurement.Id, "system", "sample procurement created")]);
        await queues.SendAsync(StageQueues.Submitted, new StageMessage(procurement.Id, answered.Id), ct);

        logger.LogInformation(
            "Sample procurement ready. Project manager: sign in at {SignInUrl} with the key {PmKey}, then open {ProcurementUrl} · Contoso's questionnaire (not answered yet): {QuestionnaireUrl} · Emails sent: {OutboxUrl}",
            links.SignIn, configuration["Identity:Users:0:Key"], links.Procurement(procurement.Id), links.Questionnaire(link.Token), links.Outbox);
    }
}
