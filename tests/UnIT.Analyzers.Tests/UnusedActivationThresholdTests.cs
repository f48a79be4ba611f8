using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT005: a ReLU activation threshold θ &gt; 0 that no following layer can turn into skipped work.</summary>
public class UnusedActivationThresholdTests
{
    private const string LastRelu = """
        using UnIT;

        [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f)]
        [Conv2d("conv1", 2, Kernel = 3)]
        [ReLU(ActivationThreshold = 0.5f)]
        [Flatten]
        [Dense("fc1", 3)]
        [ReLU({|UNIT005:ActivationThreshold = 1.5f|})]
        public static partial class Net;
        """;

    [Fact]
    public async Task Theta_with_no_conv_or_dense_layer_after_it_is_reported()
    {
        var diagnostics = await VerifyAsync(LastRelu, TestNetwork.Weights());
        Assert.Equal(
            "ActivationThreshold = 1.5 on 'relu2' makes activations sparser, but no conv/dense layer follows to skip the zeros; it changes the outputs without saving any work",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Theta_before_a_layer_forced_to_Dense_is_reported()
    {
        var diagnostics = await VerifyAsync(
            TestNetwork.Source(relu: "({|UNIT005:ActivationThreshold = 0.5f|})", fc1: ", {|UNIT007:Implementation = KernelImplementation.Dense|}"), TestNetwork.Weights());
        Assert.Equal(
            "ActivationThreshold = 0.5 on 'relu1' makes activations sparser, but the next conv/dense layer 'fc1' is forced to Implementation = Dense, which multiplies zeros too; "
            + "it changes the outputs without saving any work",
            Message(diagnostics[0]));
    }

    [Fact]
    public async Task Theta_before_a_layer_that_can_skip_is_not_reported()
    {
        await VerifyAsync(TestNetwork.Source(relu: "(ActivationThreshold = 0.5f)"), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(relu: "(ActivationThreshold = 0.5f)", fc1: ", {|UNIT007:Implementation = KernelImplementation.Sorted|}"), TestNetwork.Weights());
        await VerifyAsync(LastRelu.Replace("{|UNIT005:ActivationThreshold = 1.5f|}", "ActivationThreshold = 0f", StringComparison.Ordinal), TestNetwork.Weights());
    }

    [Fact]
    public async Task Is_reported_without_a_weight_file()
    {
        await VerifyAsync(LastRelu);
    }

    [Fact]
    public async Task Fix_removes_the_activation_threshold()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT005", LastRelu, LastRelu.Replace("[ReLU({|UNIT005:ActivationThreshold = 1.5f|})]", "[ReLU]", StringComparison.Ordinal),
            [TestNetwork.Weights()], expectedTitle: "Remove ActivationThreshold (a plain ReLU)");
    }
}
