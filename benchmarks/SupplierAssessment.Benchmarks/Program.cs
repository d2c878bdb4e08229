using BenchmarkDotNet.Running;
using SupplierAssessment.Benchmarks;

// "pipeline [suppliers]": the bounded loopback run on Azurite (storage calls per operation, submit → email latency).
// Anything else goes to BenchmarkDotNet, e.g. "--filter *ScoringBenchmarks*".
if (args.Length > 0 && args[0] == "pipeline")
{
    await PipelineLoad.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ScoringBenchmarks).Assembly).Run(args);
