using UnIT.Analyzers.Tests.Infrastructure;
using Xunit;
using static UnIT.Analyzers.Tests.Infrastructure.AnalyzerHarness;

namespace UnIT.Analyzers.Tests;

/// <summary>UNIT008: thresholds that differ from the calibration file named on [UnitNetwork].</summary>
public class CalibrationTests
{
    private const string FileName = "net.calibration.txt";
    private const string Named = $", Calibration = \"{FileName}\"";
    private const string Evidence = "(1000 samples; accuracy 97.8 % with it vs 98.1 % without UnIT, budget 0.5 points)";

    private static TestAdditionalText Calibration(params UnIT.Calibration.CalibratedLayer[] layers) => TestFiles.Calibration(FileName, "Net", layers);

    [Fact]
    public async Task Layer_threshold_that_differs_is_reported_on_the_argument()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: Named, conv1: ", {|UNIT008:Threshold = 0.08f|}"),
            TestNetwork.Weights(), Calibration(TestFiles.Layer("conv1", threshold: 0.05f)));
        Assert.Equal($"Threshold = 0.08 on 'conv1' differs from the calibrated 0.05 in 'net.calibration.txt' {Evidence}", Message(diagnostics[0]));
    }

    [Fact]
    public async Task Unset_activation_threshold_and_inherited_threshold_are_reported_on_the_attribute()
    {
        var diagnostics = await VerifyAsync(
            """
            using UnIT;

            [UnitNetwork("net.npz", Input = "1x4x4", InputRange = 2f, Threshold = 0.02f, Calibration = "net.calibration.txt")]
            [{|UNIT008:Conv2d("conv1", 2, Kernel = 3)|}]
            [{|UNIT008:ReLU|}]
            [Flatten]
            [Dense("fc1", 3)]
            public static partial class Net;
            """,
            TestNetwork.Weights(), Calibration(TestFiles.Layer("conv1", threshold: 0.05f), TestFiles.Relu("relu1", 0.5f), TestFiles.Layer("fc1", threshold: 0.02f)));
        Assert.StartsWith("Threshold = 0.02 (inherited from [UnitNetwork]) on 'conv1' differs from the calibrated 0.05", Message(diagnostics[0]), StringComparison.Ordinal);
        Assert.StartsWith("ActivationThreshold = 0 on 'relu1' differs from the calibrated 0.5", Message(diagnostics[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrated_groups_are_compared_with_the_declared_ones()
    {
        var groups = TestFiles.Layer("fc1", threshold: 0.03f, groupSize: 1, groups: [0.01f, 0.02f, 0.03f]);
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: Named, fc1: ", {|UNIT008:Threshold = 0.02f|}"), TestNetwork.Weights(), Calibration(groups));
        Assert.StartsWith("Threshold = 0.02 on 'fc1' differs from the calibrated GroupThresholds {0.01, 0.02, 0.03} with GroupSize = 1 in", Message(diagnostics[0]), StringComparison.Ordinal);

        await VerifyAsync(TestNetwork.Source(network: Named, fc1: ", GroupSize = 1, {|UNIT008:GroupThresholds = new[] { 0.01f, 0.02f, 0.04f }|}"), TestNetwork.Weights(), Calibration(groups));
        await VerifyAsync(TestNetwork.Source(network: Named, fc1: ", GroupSize = 1, GroupThresholds = new[] { 0.01f, 0.02f, 0.03f }"), TestNetwork.Weights(), Calibration(groups));
    }

    [Fact]
    public async Task Declared_groups_against_a_single_calibrated_threshold_are_reported()
    {
        var diagnostics = await VerifyAsync(TestNetwork.Source(network: Named, fc1: ", GroupSize = 3, {|UNIT008:GroupThresholds = new[] { 0.02f }|}"),
            TestNetwork.Weights(), Calibration(TestFiles.Layer("fc1", threshold: 0.02f)));
        Assert.StartsWith("GroupThresholds = {0.02} with GroupSize = 3 on 'fc1' differs from the calibrated single Threshold 0.02", Message(diagnostics[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Matching_values_and_layers_the_file_does_not_mention_are_not_reported()
    {
        await VerifyAsync(TestNetwork.Source(network: Named + ", Threshold = 0.02f", conv1: ", Threshold = 0.05f", relu: "(ActivationThreshold = 0.5f)"),
            TestNetwork.Weights(), Calibration(TestFiles.Layer("conv1", threshold: 0.05f), TestFiles.Relu("relu1", 0.5f), TestFiles.Layer("fc1", threshold: 0.02f)));
        await VerifyAsync(TestNetwork.Source(network: Named, conv1: ", Threshold = 0.05f"), TestNetwork.Weights(), Calibration(TestFiles.Layer("fc1", outputRange: 3f)));
    }

    [Fact]
    public async Task Is_silent_without_the_file_or_with_another_networks_file()
    {
        // Both are the generator's UNIT111 errors.
        await VerifyAsync(TestNetwork.Source(network: Named, conv1: ", Threshold = 0.08f"), TestNetwork.Weights());
        await VerifyAsync(TestNetwork.Source(network: Named, conv1: ", Threshold = 0.08f"), TestNetwork.Weights(),
            TestFiles.Calibration(FileName, "OtherNet", TestFiles.Layer("conv1", threshold: 0.05f)));
    }

    [Fact]
    public async Task Is_reported_without_a_weight_file()
    {
        await VerifyAsync(TestNetwork.Source(network: Named, conv1: ", {|UNIT008:Threshold = 0.08f|}"), Calibration(TestFiles.Layer("conv1", threshold: 0.05f)));
    }

    [Fact]
    public async Task Fix_applies_the_calibrated_threshold()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT008", TestNetwork.Source(network: Named, conv1: ", {|UNIT008:Threshold = 0.08f|}"),
            TestNetwork.Source(network: Named, conv1: ", Threshold = 0.05f"),
            [TestNetwork.Weights(), Calibration(TestFiles.Layer("conv1", threshold: 0.05f))], expectedTitle: "Apply the calibrated Threshold = 0.05f");
    }

    [Fact]
    public async Task Fix_applies_calibrated_groups_and_replaces_declared_groups_by_a_single_threshold()
    {
        await UnitCodeFixTest.VerifyAsync("UNIT008", TestNetwork.Source(network: Named, fc1: ", {|UNIT008:Threshold = 0.02f|}"),
            TestNetwork.Source(network: Named, fc1: ", Threshold = 0.02f, GroupSize = 1, GroupThresholds = new[] { 0.01f, 0.02f, 0.03f }"),
            [Calibration(TestFiles.Layer("fc1", groupSize: 1, groups: [0.01f, 0.02f, 0.03f]))]);

        await UnitCodeFixTest.VerifyAsync("UNIT008", TestNetwork.Source(network: Named, fc1: ", GroupSize = 3, {|UNIT008:GroupThresholds = new[] { 0.02f }|}"),
            TestNetwork.Source(network: Named, fc1: ", Threshold = 0.04f"),
            [Calibration(TestFiles.Layer("fc1", threshold: 0.04f))]);
    }

    [Fact]
    public async Task Fix_all_applies_every_calibrated_value_of_the_document()
    {
        var calibration = Calibration(TestFiles.Layer("conv1", threshold: 0.05f), TestFiles.Relu("relu1", 0.5f), TestFiles.Layer("fc1", threshold: 0.1f));
        var fixedSource = TestNetwork.Source(network: Named, conv1: ", Threshold = 0.05f", relu: "(ActivationThreshold = 0.5f)", fc1: ", Threshold = 0.1f");
        await UnitCodeFixTest.VerifyAsync("UNIT008",
            TestNetwork.Source(network: Named, conv1: ", {|UNIT008:Threshold = 0.08f|}", fc1: ", {|UNIT008:Threshold = 0.2f|}").Replace("[ReLU]", "[{|UNIT008:ReLU|}]", StringComparison.Ordinal),
            fixedSource, [TestNetwork.Weights(), calibration]);
        await VerifyAsync(fixedSource, TestNetwork.Weights(), calibration);
    }
}
