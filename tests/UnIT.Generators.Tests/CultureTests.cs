using System.Globalization;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>Generated code must not depend on the culture the compiler runs under.</summary>
public class CultureTests
{
    [Fact]
    public void A_culture_with_an_unusual_minus_sign_and_decimal_comma_changes_nothing()
    {
        var source = TinyNetworks.ConvDenseSource("Cultured",
            ", Format = NumberFormat.Q15, Division = DivisionApproximation.FloatBits, Threshold = 0.05f, InputRange = 2f",
            ", Implementation = KernelImplementation.Sorted, OutputRange = 4f", ", Implementation = KernelImplementation.Bucketed, OutputRange = 4f");
        var weights = GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights());

        var invariant = Generate(source, weights, CultureInfo.InvariantCulture);
        var unusual = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        unusual.NumberFormat.NegativeSign = "\u2212";
        unusual.NumberFormat.NumberDecimalSeparator = ",";
        unusual.NumberFormat.NumberGroupSeparator = "\u00a0";
        var (text, compilation) = Generate(source, weights, unusual);

        Assert.Equal(invariant.Text, text);
        Assert.Contains(" - ", text); // negative offsets are written, and written with ASCII minus
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = unusual;
            using var network = CompiledNetwork.Load(compilation, "Tiny.Cultured");
            var output = new float[3];
            network.Infer(Enumerable.Range(0, 16).Select(i => (i % 5) * 0.3f - 0.4f).ToArray(), output);
            Assert.Contains(output, v => v != 0);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    private static (string Text, Microsoft.CodeAnalysis.Compilation Compilation) Generate(string source, Microsoft.CodeAnalysis.AdditionalText weights, CultureInfo culture)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var (result, compilation) = GeneratorHarness.Run(source, [weights]);
            Assert.Empty(result.Diagnostics);
            return (result.GeneratedTrees.Single().ToString(), compilation);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
