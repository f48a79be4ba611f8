using Microsoft.CodeAnalysis;
using UnIT.Generators.Tests.Infrastructure;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// When a network cannot be generated, the build shows its one UNIT error and nothing else: the class still gets every
/// public member the real generated code has (bodies that throw), so uses of <c>Infer</c>, <c>Predict</c>, … do not
/// add a CS0117 each.
/// </summary>
public sealed class FallbackTests
{
    // Appended to the network's source, inside its file-scoped namespace Tiny.
    private const string Uses = """
        public static class Uses
        {
            public static int Run(float[] pixels, short[] raw)
            {
                var ledger = Net.CreateLedger();
                var logits = new float[Net.OutputLength];
                Net.Infer(pixels, logits);
                Net.Infer(pixels, logits, ledger);
                Net.InferQ15(raw, new short[Net.OutputLength], ledger);
                const long flash = Net.FlashBytes;
                return Net.Predict(pixels, ledger) + Net.Predict(pixels) + Net.InputScale + (int)flash + Net.InputShape.Length
                    + Net.Definition.Layers.Count + Net.LedgerLayout.Layers.Count + Net.WeightFileName.Length;
            }
        }
        """;

    private static readonly string Network = TinyNetworks.ConvDenseSource("Net", ", Format = NumberFormat.Q15", string.Empty, string.Empty);

    [Fact]
    public void A_network_that_cannot_be_generated_gives_its_one_error_and_no_cascade_at_its_uses()
    {
        var (result, output) = GeneratorHarness.Run(Network + "\n" + Uses, []);

        Assert.Equal("UNIT101", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>
    /// A mistake the compiler reports inside a UnIT attribute (a misspelt setting, a value of the wrong type, a misspelt
    /// layer attribute) is that one compiler error: the generator adds no UNIT error about the same attribute (a
    /// misspelt Input would otherwise also be a missing Input) and the fallback keeps the uses compiling.
    /// </summary>
    [Theory]
    [InlineData("Input = \"1x4x4\"", "InputShape = \"1x4x4\"", "CS0246")]
    [InlineData("Input = \"1x4x4\"", "Input = 16", "CS0029")]
    [InlineData("[Flatten]", "[Flaten]", "CS0246")]
    [InlineData("[Dense(\"fc1\", 3", "[Dense(3", "CS7036")]
    public void A_mistake_the_compiler_reports_in_an_attribute_is_its_one_error(string written, string mistake, string compilerError)
    {
        var source = Network.Replace(written, mistake, StringComparison.Ordinal);
        Assert.NotEqual(Network, source);

        var (result, output) = GeneratorHarness.Run(source + "\n" + Uses, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);

        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct().ToArray();
        Assert.Equal(compilerError, Assert.Single(errors));
    }

    [Fact]
    public void The_fallback_has_exactly_the_public_members_of_the_generated_code()
    {
        var (_, generated) = GeneratorHarness.Run(Network, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);
        var (_, fallback) = GeneratorHarness.Run(Network, []);

        Assert.Equal(PublicMembers(generated), PublicMembers(fallback));
    }

    [Fact]
    public void Uses_of_a_generated_network_compile_too()
    {
        var (result, output) = GeneratorHarness.Run(Network + "\n" + Uses, [GeneratorHarness.WeightText("tiny.npz", TinyNetworks.ConvDenseWeights())]);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string[] PublicMembers(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Tiny.Net")!.GetMembers()
            .Where(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsImplicitlyDeclared && m is not INamedTypeSymbol)
            .Select(m => m.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + (m is IFieldSymbol { IsConst: true } ? " const" : string.Empty))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
