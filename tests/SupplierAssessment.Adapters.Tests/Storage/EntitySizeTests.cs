using Microsoft.Extensions.DependencyInjection;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>
/// What one table entity holds (64 KiB a property, 1 MiB the entity), on a real Azurite: the bounded lists fit at their
/// bound, and a record that would not fit is refused before it is sent, with a message naming the bound (issue 12).
/// </summary>
public class EntitySizeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private AssessmentStore _assessments = null!;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("e" + Guid.NewGuid().ToString("N")[..8]);
        _assessments = services.GetRequiredService<AssessmentStore>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Twenty_files_with_200_character_accented_names_on_every_evidence_question_fit_and_read_back()
    {
        var (assessment, _) = Assessment.Invite("proc-1", "Hosting", "sec@hosting.example", ShippedData.CurrentTemplate, Now);
        var etag = await _assessments.AddAsync(assessment, "pm");
        var evidenceQuestions = ShippedData.CurrentTemplate.Questions.Where(q => q.Kind == QuestionKind.Evidence).ToArray();
        foreach (var question in evidenceQuestions)
        {
            for (var i = 0; i < Assessment.MaxEvidenceFilesPerQuestion; i++)
            {
                var name = ($"{i:D2} Procédure « sécurité » \"été\" \\ " + new string('é', 200))[..196] + ".pdf";
                assessment.AttachEvidence(question.Id, new EvidenceFile(Ids.New(), name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10_485_760));
            }
        }
        var text = string.Concat(Enumerable.Repeat("\"Qualité\" \\ ", 400))[..4000];
        assessment.SaveAnswers(new AnswerChanges(ShippedData.CurrentTemplate.Questions.Where(q => q.Kind == QuestionKind.Text)
            .ToDictionary(q => q.Id, q => (Answer)new TextAnswer(text)), []));
        await _assessments.SaveAsync(assessment, "pm", etag);

        var read = (await _assessments.FindAsync("proc-1", assessment.Id))!.Assessment;
        Assert.All(evidenceQuestions, q => Assert.Equal(20, read.EvidenceCount(q.Id)));
        Assert.Equal(text, ((TextAnswer)read.Answers.ByQuestion["POL-08"]).Text);
    }

    [Fact]
    public async Task A_record_that_would_not_fit_is_refused_before_it_is_sent_naming_the_bound_and_the_stored_one_is_unchanged()
    {
        var (assessment, _) = Assessment.Invite("proc-2", "Hosting", "sec@hosting.example", ShippedData.CurrentTemplate, Now);
        var etag = await _assessments.AddAsync(assessment, "pm");
        // An answer no form accepts (the template allows 4000 characters), as stored data gone wrong would hold it.
        assessment.SaveAnswers(new AnswerChanges(new Dictionary<string, Answer> { ["POL-08"] = new TextAnswer(new string('x', 40_000)) }, []));

        var refused = await Assert.ThrowsAsync<EntityTooLargeException>(() => _assessments.SaveAsync(assessment, "pm", etag));
        Assert.Equal("This assessment's record would pass the 64 KiB that storage keeps for one of its parts (A_POL_08): nothing was saved.", refused.Message);
        var stored = (await _assessments.FindAsync("proc-2", assessment.Id))!;
        Assert.Equal(etag, stored.ETag);
        Assert.Equal(0, stored.Assessment.Answers.Count);
    }
}
