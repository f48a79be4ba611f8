using System.Globalization;
using Microsoft.CodeAnalysis;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// UNIT114: a network whose kernel choices rest on the planner's default activation assumption (thresholds, no
/// calibration file, a layer whose Implementation is chosen) gets one Info note at its [UnitNetwork] attribute saying
/// what was assumed and how to measure; the generated file says so at its top. Other networks get no note.
/// </summary>
public class StatisticsNoteTests
{
    private static (Diagnostic[] Diagnostics, string Generated, string Source) Run(string options, string conv1 = "", string fc1 = "")
    {
        var source = TinyNetworks.ConvDenseSource("Net", options, conv1, fc1);
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (result.Diagnostics.ToArray(), string.Join("\n", output.SyntaxTrees.Select(t => t.ToString())), source);
    }

    [Fact]
    public void Thresholds_without_a_calibration_file_get_one_note_naming_the_layers_and_the_command()
    {
        var (diagnostics, generated, source) = Run(", Threshold = 0.05f");

        var note = Assert.Single(diagnostics);
        Assert.Equal("UNIT114", note.Id);
        Assert.Equal(DiagnosticSeverity.Info, note.Severity);
        Assert.StartsWith("UnitNetwork(", source.Substring(note.Location.SourceSpan.Start, note.Location.SourceSpan.Length), StringComparison.Ordinal);
        var message = note.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("the kernels of 'conv1', 'fc1' were chosen assuming", message, StringComparison.Ordinal);
        Assert.Contains("unit profile --assembly <your built .dll> --class Net --inputs <data.npy>", message, StringComparison.Ordinal);
        Assert.Contains("<UnitCalibration Include=\"Net.calibration.txt\" />", message, StringComparison.Ordinal);
        Assert.Contains("Activation statistics: none measured (no calibration file)", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forced_kernel_is_not_named()
    {
        var (diagnostics, _, _) = Run(", Threshold = 0.05f", conv1: ", Implementation = KernelImplementation.Sorted");

        var message = Assert.Single(diagnostics).GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("the kernels of 'fc1' were chosen", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData(", Threshold = 0.05f", ", Implementation = KernelImplementation.Gather", ", Implementation = KernelImplementation.Sorted")]
    public void No_note_when_no_choice_rests_on_the_assumption(string options, string conv1, string fc1)
    {
        var (diagnostics, _, _) = Run(options, conv1, fc1);

        Assert.Empty(diagnostics);
    }
}
