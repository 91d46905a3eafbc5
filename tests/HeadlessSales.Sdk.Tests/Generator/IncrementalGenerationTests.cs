using HeadlessSales.Client.Generator;
using HeadlessSales.Sdk.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>The generator only redoes the work an edit makes necessary.</summary>
public sealed class IncrementalGenerationTests
{
    [Fact]
    public void RunWithoutChanges_ReusesEveryOutput()
    {
        var harness = new GeneratorHarness();
        harness.Run(GeneratorHarness.FixtureFiles());

        var second = harness.RunAgain().Results.Single();

        Assert.All(second.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingOneOperation_ReanalyzesOnlyThatFile_AndLeavesTheClientAlone()
    {
        var harness = new GeneratorHarness();
        var files = GeneratorHarness.FixtureFiles();
        harness.Run(files);
        var listLeads = files.Single(f => f.Path.EndsWith("ListLeads.graphql", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(listLeads.Path, listLeads.GetText()!.ToString().Replace("score", "source", StringComparison.Ordinal));

        var result = harness.Replace(listLeads, edited).Results.Single();

        var analyses = result.TrackedSteps[TrackingNames.OperationAnalysis].SelectMany(step => step.Outputs).ToList();
        Assert.Single(analyses, output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(analyses.Where(output => output.Reason != IncrementalStepRunReason.Modified),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));

        // The selection changed but not the variables: the client interface and implementation are not re-emitted.
        var signatures = Assert.Single(result.TrackedSteps[TrackingNames.OperationSignatures]);
        Assert.True(Assert.Single(signatures.Outputs).Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);

        // One output re-runs: the ListLeads result types.
        var rerun = result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs)
            .Where(output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .ToList();
        Assert.Single(rerun);
        var listLeadsSource = result.GeneratedSources.Single(s => s.HintName == "Operations.ListLeads.g.cs").SourceText.ToString();
        Assert.Contains("string? Source", listLeadsSource);
    }

    [Fact]
    public void ReformattingTheSchema_LeavesTheModelUnchanged()
    {
        var harness = new GeneratorHarness();
        var files = GeneratorHarness.FixtureFiles();
        harness.Run(files);
        var schema = files.Single(f => f.Path.EndsWith(".graphqls", StringComparison.Ordinal));
        var reformatted = new InMemoryAdditionalText(schema.Path, "# a comment the model does not keep\n\n" + schema.GetText()!);

        var result = harness.Replace(schema, reformatted).Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Schema].Single().Inputs.Single().Source.Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[TrackingNames.Schema].Single().Outputs.Single().Reason);
        Assert.All(result.TrackedSteps[TrackingNames.OperationModels].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void RenamingTheClient_ReemitsEverything_WithoutReanalyzingAnyOperation()
    {
        var harness = new GeneratorHarness();
        harness.Run(GeneratorHarness.FixtureFiles());

        var result = harness.RenameClient("SalesClient").Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.OperationAnalysis].SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Contains(result.GeneratedSources, source => source.HintName == "ISalesClient.g.cs");
    }
}
