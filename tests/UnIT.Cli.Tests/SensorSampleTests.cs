using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using UnIT.Calibration;

namespace UnIT.Cli.Tests;

/// <summary>
/// The README's "Bring your own model" walkthrough on its sample (sample-apps/Sensor: a 1-D CNN trained in PyTorch,
/// the user's own windows as .npy): `unit profile` and `unit calibrate` (labelled and label-free) on the built
/// assembly reproduce the committed calibration files, and the sample program runs both classes on the test windows.
/// </summary>
public sealed class SensorSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("unit-sensor-").FullName;

    private static string Sample(string relative) => RepositoryFiles.PathOf(Path.Combine("sample-apps", "Sensor", relative));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Profile_reproduces_the_baselines_statistics_file()
    {
        var written = Path.Combine(_directory, "SensorNetDense.calibration.txt");
        var (exit, output, error) = CliRunner.Run("profile", "--assembly", CliRunner.SensorSampleAssembly, "--class", "SensorNetDense",
            "--inputs", Sample("data/calibration-x.npy"), "-o", written);

        Assert.True(exit == 0, error + output);
        Assert.Equal(File.ReadAllText(Sample("SensorNetDense.calibration.txt")), File.ReadAllText(written));
    }

    [Fact]
    public void Calibrate_with_labels_reproduces_the_samples_file_and_label_free_stays_within_its_budget()
    {
        var labelled = Path.Combine(_directory, "SensorNet.calibration.txt");
        var (exit, output, error) = CliRunner.Run("calibrate", "--assembly", CliRunner.SensorSampleAssembly, "--class", "SensorNet",
            "--inputs", Sample("data/calibration-x.npy"), "--labels", Sample("data/calibration-y.npy"), "--budget", "2", "-o", labelled);
        Assert.True(exit == 0, error + output);
        Assert.Equal(File.ReadAllText(Sample("SensorNet.calibration.txt")), File.ReadAllText(labelled));

        var labelFree = Path.Combine(_directory, "label-free.calibration.txt");
        (exit, output, error) = CliRunner.Run("calibrate", "--assembly", CliRunner.SensorSampleAssembly, "--class", "SensorNet",
            "--inputs", Sample("data/calibration-x.npy"), "--budget", "2", "-o", labelFree);
        Assert.True(exit == 0, error + output);
        Assert.True(CalibrationFile.TryParse(File.ReadAllText(labelFree), out var file, out var problem), problem);
        Assert.Equal(480, file!.Samples);
        Assert.True(file.BaselineAccuracy - file.CalibratedAccuracy <= 0.02 + 1e-9, $"agreement {file.BaselineAccuracy} -> {file.CalibratedAccuracy}");

        // Confirmation scales these thresholds down to 0.4, where their decisions cost more than they skip: the
        // calibrator must then turn UnIT off rather than write settings slower than none.
        var cycles = Regex.Match(output, @"cycles ([0-9,]+) → ([0-9,]+)");
        Assert.True(cycles.Success, output);
        Assert.True(Number(cycles.Groups[2].Value) <= Number(cycles.Groups[1].Value), cycles.Value);
    }

    /// <summary>
    /// The sample's last layer shifts its sums by 18 bits when weights take their finest scale, and its third test
    /// window's sum then leaves the MCU's 32-bit accumulator (the chip gave 3,615 where the host gave −12,769); with
    /// the shift capped at 16 (Q15.MaxRequantizeShift) the chip's outputs and counters equal the host's.
    /// </summary>
    [Fact]
    public void On_the_simulator_the_calibrated_network_gives_the_csharp_outputs()
    {
        var (exit, output, error) = CliRunner.Run("simulate", "--assembly", CliRunner.SensorSampleAssembly, "--class", "SensorNet",
            "--data", Sample("data/test-x.npy"), "--inputs", "20");

        Assert.True(exit == 0, error + output);
        Assert.Contains("bit-exact: outputs and every counter equal the C# kernels' and ledger's on all 20 inputs.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Declare_prints_the_calibrated_declaration_the_sample_carries()
    {
        var (exit, output, error) = CliRunner.Run("declare", "--weights", Sample("model/sensor.npz"), "--input", "3x32",
            "--layers", "conv1d:conv1:8:5:1:2,relu,maxpool1d:2,conv1d:conv2:16:3:1:1,relu,maxpool1d:2,flatten,dense:fc1:4",
            "--calibration", Sample("SensorNet.calibration.txt"));

        Assert.True(exit == 0, error + output);
        Assert.Contains("[Conv1d(\"conv1\", 8, Kernel = 5, Padding = 2", output, StringComparison.Ordinal);
        var conv2 = Regex.Match(output, @"\[Conv1d\(""conv2"", 16, Kernel = 3, Padding = 1, Threshold = ([0-9.]+f), GroupSize = 4, GroupThresholds = (new\[\] \{[^}]*\})");
        Assert.True(conv2.Success, output);
        var networks = File.ReadAllText(Sample("Networks.cs"));
        Assert.Contains($"Threshold = {conv2.Groups[1].Value}", networks, StringComparison.Ordinal);
        Assert.Contains($"GroupThresholds = {conv2.Groups[2].Value}", networks, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_runs_both_classes_and_UnIT_costs_fewer_cycles_at_the_baselines_accuracy()
    {
        var start = new ProcessStartInfo("dotnet", [CliRunner.SensorSampleAssembly]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());

        var (baselineAccuracy, baselineCycles) = Line(output, "SensorNetDense");
        var (unitAccuracy, unitCycles) = Line(output, "SensorNet ");
        Assert.InRange(baselineAccuracy, 90, 100);
        Assert.InRange(unitAccuracy, baselineAccuracy - 2, 100);
        Assert.True(unitCycles < baselineCycles, output);
    }

    private static double Number(string digits) => double.Parse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static (double Accuracy, double Cycles) Line(string output, string name)
    {
        var match = Regex.Match(output, Regex.Escape(name) + @"[^\n]*accuracy ([0-9.]+) %[^\n]*, ([0-9,]+) cycles per window");
        Assert.True(match.Success, output);
        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Number(match.Groups[2].Value));
    }
}
