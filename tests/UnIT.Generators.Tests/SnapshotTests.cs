using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>The generated source of small networks, one per kernel form, compared with checked-in snapshots.</summary>
public class SnapshotTests
{
    private static IEnumerable<(string, string)> Generate(string source)
    {
        var (result, _) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);
        Assert.Empty(result.Diagnostics);
        return result.Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString()));
    }

    [Fact]
    public void Float32_gather_convolution_with_padding_and_sorted_dense() =>
        Snapshot.Verify(Generate(TinyNetworks.ConvDenseSource("GatherSorted", ", Threshold = 0.05f",
            ", Implementation = KernelImplementation.Gather", ", Implementation = KernelImplementation.Sorted")));

    [Fact]
    public void Q15_bucketed_convolution_and_gather_dense_with_groups() =>
        Snapshot.Verify(Generate(TinyNetworks.ConvDenseSource("BucketedQ15",
            ", Format = NumberFormat.Q15, Division = DivisionApproximation.ReciprocalLut, Threshold = 0.05f, InputRange = 2f",
            ", Implementation = KernelImplementation.Bucketed, OutputRange = 4f",
            ", Implementation = KernelImplementation.Gather, GroupSize = 1, GroupThresholds = new[] { 0.02f, 0.05f, 0f }, OutputRange = 4f")));

    [Fact]
    public void Float32_dense_baseline_and_exact_bucketed_band() =>
        Snapshot.Verify(Generate(TinyNetworks.ConvDenseSource("DenseBand", ", Threshold = 0.05f",
            ", Implementation = KernelImplementation.Dense, Threshold = 0f", ", Implementation = KernelImplementation.Bucketed")));
}
