using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// The unrolled scatter kernels add into accumulators through <c>Unsafe.Add</c> at offsets the generator computed from
/// the convolution geometry, so a wrong offset would not throw: it would corrupt memory beside the buffer, and the
/// differential tests would only see it if it changed an output. Here the same generated code is compiled a second
/// time with every such write spelled as a span index (and the vector paths, which store eight outputs at once, off, so
/// the scalar code writes every position through a checked index): each fixture, in every implementation and both
/// formats, must run its inputs without an <see cref="IndexOutOfRangeException"/> and give the shipped code's outputs
/// bit for bit. (Reads through <c>Unsafe.Add(ref xr, …)</c> stay: a wrong read cannot corrupt memory, and the
/// differential tests see the value it reads.)
/// </summary>
public sealed partial class BoundsCheckedKernelTests
{
    public static TheoryData<string> Fixtures => new(FixtureNetworks.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Unrolled_kernels_stay_inside_their_buffers(string fixture)
    {
        var variants = (
            from format in Enum.GetValues<NumberFormat>()
            from implementation in new[] { KernelImplementation.Dense, KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed }
            select new FixtureNetworks.Variant($"Net_{format}_{implementation}", format, DivisionApproximation.Exact, implementation, Groups: true)).ToArray();
        var source = "using UnIT;\nnamespace Checked;\n" + string.Join("\n", variants.Select(v => FixtureNetworks.Declaration(fixture, v)));
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText(fixture + ".npz", FixtureNetworks.WeightBytes(fixture))]);
        Assert.Empty(result.Diagnostics);

        var generatedTrees = output.SyntaxTrees.Where(t => t.FilePath.Contains("UnIT.Generators", StringComparison.Ordinal)).ToArray();
        Assert.Contains(generatedTrees, t => t.ToString().Contains("__UnitUnsafe.Add(ref ar,", StringComparison.Ordinal));
        var checkedTrees = generatedTrees.Select(t => (Old: t, New: SyntaxFactory.ParseSyntaxTree(BoundsChecked(t.ToString()), (CSharpParseOptions)t.Options, t.FilePath))).ToArray();
        Assert.DoesNotContain(checkedTrees, t => t.New.ToString().Contains("__UnitUnsafe.Add(ref ar,", StringComparison.Ordinal));
        var checkedOutput = checkedTrees.Aggregate(output, (compilation, t) => compilation.ReplaceSyntaxTree(t.Old, t.New));

        var inputs = FixtureNetworks.Inputs(fixture);
        foreach (var variant in variants)
        {
            using var shipped = CompiledNetwork.Load(output, "Checked." + variant.ClassName);
            using var bounded = CompiledNetwork.Load(checkedOutput, "Checked." + variant.ClassName);
            foreach (var input in inputs)
            {
                var expected = new float[shipped.Constant<int>("OutputLength")];
                var actual = new float[expected.Length];
                shipped.Infer(input, expected);
                bounded.Infer(input, actual);
                Assert.True(expected.Select(BitConverter.SingleToInt32Bits).SequenceEqual(actual.Select(BitConverter.SingleToInt32Bits)),
                    $"{fixture} {variant}: unchecked [{string.Join(", ", expected)}] vs bounds-checked [{string.Join(", ", actual)}]");
            }
        }
    }

    /// <summary>
    /// The generated source with <c>Unsafe.Add(ref ar, i)</c> as <c>acc[i]</c> (<c>ar</c> is always a reference to the
    /// start of the accumulator span <c>acc</c>) and the vector paths off.
    /// </summary>
    private static string BoundsChecked(string generated) =>
        AccumulatorAccess().Replace(generated, "acc[$1]")
            .Replace("__UnitV256.IsHardwareAccelerated", VectorsOff, StringComparison.Ordinal);

    /// <summary>False, but not a constant (a constant <c>false</c> would make the vector branch a CS0162 warning).</summary>
    private const string VectorsOff = "(global::System.Environment.ProcessorCount < 0)";

    [GeneratedRegex(@"__UnitUnsafe\.Add\(ref ar, ([^()]+)\)")]
    private static partial Regex AccumulatorAccess();
}
