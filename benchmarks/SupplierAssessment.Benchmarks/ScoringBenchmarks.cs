using BenchmarkDotNet.Attributes;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// One assessment's computation: score a full submission of the shipped template, then the gap for the
/// three alert levels of the government profile. Target: under 20 µs and 16 KB allocated on one core.
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private QuestionnaireTemplate _template = null!;
    private Answers _answers = null!;
    private ConfidenceProfile _profile = null!;

    [GlobalSetup]
    public void Setup()
    {
        _template = ShippedData.CurrentTemplate;
        _profile = ShippedData.Profile("government-web-hosting");
        var i = 0;
        _answers = new Answers(_template.Questions.Select(q => KeyValuePair.Create(q.Id, q.Kind switch
        {
            QuestionKind.Scale => (Answer)new ScaleAnswer(i++ % 6),
            QuestionKind.Choice => new ChoiceAnswer(q.Options[i++ % q.Options.Count].Id),
            QuestionKind.Text => new TextAnswer("We patch monthly and track it in our change log."),
            _ => new EvidenceAnswer([new EvidenceFile("e1", "policy.pdf", "application/pdf", 120_000)]),
        })));
    }

    [Benchmark(Description = "score a full submission")]
    public object Score() => Scoring.Rate(_template, _answers);

    [Benchmark(Description = "score + gap for 3 alert levels")]
    public object ScoreAndGap()
    {
        var ratings = Scoring.Rate(_template, _answers);
        return GapAnalysis.Compute(ratings, _profile);
    }
}
