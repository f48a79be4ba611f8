using Microsoft.CodeAnalysis;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// A plan that does not fit the part's FRAM gets one warning, UNIT113, on the layer to shrink, with the bytes over and
/// what to do; the kernels are still generated and compile (docs/memory.md).
/// </summary>
public class PartFitTests
{
    private static (Diagnostic[] Diagnostics, Compilation Output, string Source) Run(string network, string layers, params (string Name, float[] Data, int[] Shape)[] tensors)
    {
        var source = $$"""
            using UnIT;
            namespace Big;
            [UnitNetwork("big.npz"{{network}})]
            {{layers}}
            public static partial class Net;
            """;
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("big.npz", TinyNetworks.Npz(tensors))]);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (result.Diagnostics.ToArray(), output, source);
    }

    private static float[] Filled(int count) => Enumerable.Repeat(0.01f, count).ToArray();

    [Fact]
    public void A_dense_layer_larger_than_FRAM_gets_one_warning_naming_it_and_the_bytes_over()
    {
        // Float32 (the default profile is the FR5994 with soft float): 70,000 weights x (4 B + a 2-byte input offset)
        // + 101 tap-list starts x 4 B + 100 biases x 4 B = 420,804 B of FRAM; the part has 262,144 B.
        var (diagnostics, _, source) = Run(", Input = \"700\"", "[Dense(\"fc1\", 100, Implementation = KernelImplementation.Dense)]",
            ("fc1.weight", Filled(70_000), [100, 700]), ("fc1.bias", Filled(100), [100]));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("UNIT113", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("Dense(\"fc1\"", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length), StringComparison.Ordinal);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("needs 420,804 B of FRAM", message, StringComparison.Ordinal);
        Assert.Contains("has 262,144 B (158,660 B over)", message, StringComparison.Ordinal);
        Assert.Contains("layer 'fc1' (420,804 B)", message, StringComparison.Ordinal);
        Assert.Contains("prune or narrow 'fc1'", message, StringComparison.Ordinal);
        Assert.Contains("docs/diagnostics/UNIT113.md", diagnostic.Descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void An_activation_peak_larger_than_FRAM_names_the_layer_where_it_occurs()
    {
        // 1x128x128 -> conv 8 3x3 pad 1, Float32: the 65,536 B input, a 524,288 B arena (conv1's output) and the 524,288 B
        // network output: more than SRAM and than all of FRAM.
        var (diagnostics, _, _) = Run(", Input = \"1x128x128\"", "[Conv2d(\"conv1\", 8, Kernel = 3, Padding = 1)]",
            ("conv1.weight", Filled(72), [8, 1, 3, 3]), ("conv1.bias", Filled(8), [8]));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("UNIT113", diagnostic.Id);
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("outgrow the 8,192 B of SRAM", message, StringComparison.Ordinal);
        Assert.Contains("the activation buffers, whose arena is sized by layer 'conv1' (1,114,112 B)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_whose_cheapest_kernel_would_not_fit_gets_the_cheapest_one_that_does_and_the_comment_says_why()
    {
        // After a ReLU half the inputs are assumed zero, so an input-stationary kernel is the cheapest for fc2; it stores
        // a 2-byte output offset with each weight (300 outputs): 48,000 x (4 + 2) B, over 262,144 B. Dense stores a
        // 1-byte input offset instead (160 inputs): 48,000 x 5 B, and with fc1 (about 7 KB) the plan fits.
        var (diagnostics, output, _) = Run(", Input = \"8\"", "[Dense(\"fc1\", 160)]\n[ReLU]\n[Dense(\"fc2\", 300)]",
            ("fc1.weight", Filled(8 * 160), [160, 8]), ("fc1.bias", Filled(160), [160]),
            ("fc2.weight", Filled(48_000), [300, 160]), ("fc2.bias", Filled(300), [300]));

        Assert.Empty(diagnostics);
        var generated = string.Join("\n", output.SyntaxTrees.Select(t => t.ToString()));
        Assert.Matches(@"kernel Dense \([^)]*\): the cheapest plan that fits the part's 262,144 B of FRAM: (Gather|Sorted|Bucketed) is estimated at [0-9,]+ cycles, but with it the plan needs [0-9,]+ B", generated);
    }

    [Fact]
    public void Activations_that_outgrow_SRAM_but_fit_FRAM_are_not_reported()
    {
        // 1x40x40 -> conv 2 3x3 pad 1, Float32: 6,400 B input + 12,800 B output > 8 KB SRAM; placed in FRAM, which has room.
        var (diagnostics, _, _) = Run(", Input = \"1x40x40\"", "[Conv2d(\"conv1\", 2, Kernel = 3, Padding = 1)]",
            ("conv1.weight", Filled(18), [2, 1, 3, 3]), ("conv1.bias", Filled(2), [2]));

        Assert.Empty(diagnostics);
    }
}
