using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT009: a non-zero threshold on a conv/dense layer forced to the Dense kernel, which cannot prune.</summary>
public class ThresholdIgnoredByKernelTests
{
    private const string Dense = ", Implementation = KernelImplementation.Dense";

    // The planner also prices conv1's Dense kernel above Gather on this network (UNIT007, info).
    private const string DenseSlower = ", {|UNIT007:Implementation = KernelImplementation.Dense|}";

    [Fact]
    public async Task Layer_threshold_on_a_Dense_kernel_is_reported()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", {|UNIT009:Threshold = 0.1f|}" + DenseSlower), TestNetwork.Weights());
        Assert.Equal(
            "Layer 'conv1' is forced to Implementation = Dense, which ignores thresholds, so Threshold = 0.1 has no effect; remove the threshold, or let the planner choose a kernel that prunes",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Group_thresholds_on_a_Dense_kernel_are_reported()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(conv1: ", GroupSize = 1, {|UNIT009:GroupThresholds = new[] { 0f, 0.1f }|}" + DenseSlower), TestNetwork.Weights());
        Assert.Contains("so GroupThresholds = {0, 0.1} has no effect", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_inherited_or_pruning_kernels_are_not_reported()
    {
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 0f" + Dense), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: ", Threshold = 0.1f", conv1: DenseSlower), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(conv1: ", Threshold = 0.1f, Implementation = KernelImplementation.Gather"), TestNetwork.Weights());
    }

    [Fact]
    public async Task Fix_removes_threshold_and_groups()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT009",
            TestNetwork.Source(conv1: ", {|UNIT009:Threshold = 0.1f|}, GroupSize = 1, GroupThresholds = new[] { 0f, 0.1f }" + Dense), TestNetwork.Source(conv1: Dense),
            [TestNetwork.Weights()], expectedTitle: "Remove the threshold (the Dense kernel does not prune)");
    }
}
