using UnIT.NumPy;
using UnIT.Training.Data;

namespace UnIT.Cli.Tests;

/// <summary>
/// <c>unit export-c</c> and <c>unit simulate</c> on the MNIST sample's built assembly: the C comes from the plan the
/// build made, and on mspdebug's simulator it gives the C# kernels' outputs and ledger counts bit for bit (the tools
/// come from .ci/run).
/// </summary>
public sealed class Msp430CommandTests : IDisposable
{
    private const string DenseBucketed = "MnistDenseQ15ReciprocalLutBucketed";

    private readonly string _directory = Directory.CreateTempSubdirectory("unit-cli-msp430-").FullName;

    private static string SampleAssembly => CliRunner.MnistSampleAssembly;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Export_c_writes_the_header_and_source_of_the_plan_the_build_made()
    {
        var (exit, output, error) = CliRunner.Run("export-c", "--assembly", SampleAssembly, "--class", DenseBucketed, "--out", _directory);

        Assert.True(exit == 0, error + output);
        var header = File.ReadAllText(Path.Combine(_directory, DenseBucketed + ".h"));
        var source = File.ReadAllText(Path.Combine(_directory, DenseBucketed + ".c"));
        Assert.Contains($"void {DenseBucketed}_infer(const int16_t *in, int16_t *out);", header, StringComparison.Ordinal);
        Assert.Contains($"from the same plan as the C# kernels of Mnist.{DenseBucketed}", source, StringComparison.Ordinal);

        // The build's knobs reached the plan: the sample sets UnitMaxUnrolledWeights to 0, and its calibration file
        // (embedded by the build) chose the kernels the class's LedgerLayout lists (export-c checks that itself).
        Assert.Contains("kernel Bucketed (table-driven", source, StringComparison.Ordinal);
        Assert.DoesNotContain("(unrolled)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_runs_the_dense_bucketed_network_layer_by_layer_bit_exact_and_prints_the_numbers()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--assembly", SampleAssembly, "--class", DenseBucketed, "--inputs", "2", "--work", _directory);

        Assert.True(exit == 0, error + output);
        Assert.Contains("layer by layer", output, StringComparison.Ordinal);
        foreach (var label in new[] { "conv1", "relu1", "maxpool2d1", "conv2", "fc1", "total" })
        {
            Assert.Contains(label, output, StringComparison.Ordinal);
        }

        // The flash estimate counts code and tables as the C export compiles them: within 10 % of the per-layer images' sum.
        var flash = System.Text.RegularExpressions.Regex.Match(output, @"flash: estimate ([0-9,]+) B; plain ELF \.text\+\.rodata ([0-9,]+) B");
        Assert.True(flash.Success, output);
        var (estimate, elf) = (Bytes(flash.Groups[1].Value), Bytes(flash.Groups[2].Value));
        Assert.True(Math.Abs(estimate - elf) <= 0.10 * elf, $"flash estimate {estimate} B, ELF {elf} B");

        // The RAM estimate (input, output, arena, stack reserve) bounds what the plain image used, within 10 %.
        var ram = System.Text.RegularExpressions.Regex.Match(output, @"RAM: estimate ([0-9,]+) B .*?; used ([0-9,]+) B:", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(ram.Success, output);
        var (ramEstimate, used) = (Bytes(ram.Groups[1].Value), Bytes(ram.Groups[2].Value));
        Assert.True(ramEstimate >= used && ramEstimate <= 1.10 * used, $"RAM estimate {ramEstimate} B, used {used} B");
        Assert.Contains("stack high-water", output, StringComparison.Ordinal);
        Assert.Contains("bit-exact: outputs and every counter equal the C# kernels' and ledger's on all 2 inputs.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_takes_the_users_inputs_from_a_npy_file()
    {
        var test = MnistDataset.Load(0, MnistPixels.UnitInterval).Test;
        var rows = Enumerable.Range(0, 3).SelectMany(i => test.Sample(i).ToArray()).ToArray();
        var inputs = Path.Combine(_directory, "digits.npy");
        NpyWriter.WriteFile(inputs, NumPyArray.FromSingles("x", rows, 3, 784));

        var (exit, output, error) = CliRunner.Run("simulate", "--assembly", SampleAssembly, "--class", "MnistPrunedQ15", "--data", inputs, "--inputs", "3");

        Assert.True(exit == 0, error + output);
        Assert.Contains("3 rows of digits.npy", output, StringComparison.Ordinal);
        Assert.DoesNotContain("layer by layer", output, StringComparison.Ordinal);
        Assert.Contains("on all 3 inputs", output, StringComparison.Ordinal);
    }

    private static long Bytes(string digits) => long.Parse(digits, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
}
