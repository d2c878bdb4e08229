namespace SupplierAssessment.Functions.Tests;

/// <summary>The app as the Functions host runs it: no local queue listeners; tests deliver invocation payloads.</summary>
public sealed class HostedPipelineApp : PipelineApp
{
    protected override bool RunQueuesLocally => false;
}
