using System.Diagnostics;
using UnIT.Calibration;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;
using static UnIT.Benchmarks.Infrastructure.Report;

namespace UnIT.Benchmarks;

/// <summary>
/// Part 5: calibration time for the MNIST sample's pruned Q15 model, calibrated as
/// <c>sample-apps/Mnist/models/regenerate.sh</c> does it (<c>unit calibrate --fold-normalization --confirm</c>, MPY32
/// profile, reciprocal table; the class <c>MnistPrunedQ15ReciprocalLutGather</c>), on 1,000 and on 10,000 samples,
/// with uncounted outputs on the reference interpreter (the path before issue 13) and on the calibration's output
/// runner, in this one process. Every pair must write the same file, and the 1,000-digit file must be the one the
/// sample ships.
/// </summary>
internal static class CalibrationBenchmark
{
    private const string NetworkName = "MnistPrunedQ15ReciprocalLutGather";
    private const int LargeCount = 10_000;

    public static void Run(bool quick)
    {
        Heading("5. Calibration time (MNIST pruned LeNet, Q15, MPY32, ReciprocalLut, --fold-normalization --confirm)");
        var definition = new NetworkBuilder(NetworkName, MnistDataset.ImageShape)
            .Conv2d("conv1", 6, 5).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 16, 5).ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 10)
            .Build(new NetworkOptions
            {
                Format = NumberFormat.Q15,
                Profile = TargetProfile.Msp430FR5994,
                Division = DivisionApproximation.ReciprocalLut,
                InputMean = MnistDataset.Mean,
                InputStandardDeviation = MnistDataset.StandardDeviation,
            });
        var weights = WeightFile.Parse(Resource("mnist-pruned.npz"), "mnist-pruned.npz");
        var shipped = System.Text.Encoding.UTF8.GetString(Resource(NetworkName + ".calibration.txt"));

        // As `unit calibrate`: the first 1,000 train digits, confirmed on the last 1,000 (the validation digits).
        var mnist = MnistDataset.Load(MnistDataset.DefaultCalibrationCount, MnistPixels.UnitInterval);
        var validationCount = 1000;
        var (rest, validation) = mnist.SplitTrain(validationCount);
        var large = LargeSet(rest, LargeCount);
        Line($"Samples: 1,000 = train digits 0–999 (the CLI's calibration digits); {N(LargeCount)} = the {N(rest.Count)} train digits outside the validation split (0–{rest.Count - 1}) and the first {N(LargeCount - rest.Count)} of them again, translated ±4 px (MnistShifts \"translation\"), the embedded set having only {N(mnist.Train.Count)} train digits. Confirmation: train digits {rest.Count}–{mnist.Train.Count - 1} (validation), as the CLI. Test digits unused. {Environment.ProcessorCount} threads.");
        Line();

        var rows = new List<string[]>();
        var small = Pair(definition, weights, mnist.Calibration, validation, "1,000", runBefore: true, rows);
        if (small.ReplaceLineEndings("\n") != shipped.ReplaceLineEndings("\n"))
        {
            throw new InvalidOperationException($"The 1,000-digit calibration differs from sample-apps/Mnist/models/{NetworkName}.calibration.txt.");
        }

        Pair(definition, weights, large, validation, N(LargeCount), runBefore: !quick, rows);
        Table(["samples", "outputs on", "wall", "process CPU", "evaluations", "wall before / after", "CPU before / after", "same file"], rows);
        Line();
        Line($"The 1,000-sample file equals the one the sample ships ({NetworkName}.calibration.txt).{(quick ? $" --quick: the {N(LargeCount)}-sample run on the interpreter is left out." : string.Empty)}");
    }

    /// <summary>Calibrates on the interpreter path (when asked) and then on the output runner; adds rows; returns the file.</summary>
    private static string Pair(NetworkDefinition definition, WeightFile weights, Dataset data, Dataset validation, string label, bool runBefore, List<string[]> rows)
    {
        var options = CalibrationOptions.Default with { NetworkName = definition.Name };
        (string File, TimeSpan Wall, TimeSpan Cpu, int Evaluations)? before = null;
        if (runBefore)
        {
            before = Time(definition, weights, data, validation, options with { OutputsOnInterpreter = true }, $"{label} samples, reference interpreter");
        }

        var after = Time(definition, weights, data, validation, options, $"{label} samples, output runner");
        var same = before is null ? "not run" : before.Value.File == after.File ? "yes" : throw new InvalidOperationException($"The {label}-sample calibrations differ between the two paths.");
        if (before is { } b)
        {
            rows.Add([label, "reference interpreter (before)", Seconds(b.Wall), Seconds(b.Cpu), N(b.Evaluations), string.Empty, string.Empty, string.Empty]);
        }

        rows.Add([label, "output runner (after)", Seconds(after.Wall), Seconds(after.Cpu), N(after.Evaluations),
            before is { } c ? F(c.Wall / after.Wall, 2) + "×" : string.Empty, before is { } d ? F(d.Cpu / after.Cpu, 2) + "×" : string.Empty, same]);
        return after.File;
    }

    private static (string File, TimeSpan Wall, TimeSpan Cpu, int Evaluations) Time(
        NetworkDefinition definition, WeightFile weights, Dataset data, Dataset validation, CalibrationOptions options, string what)
    {
        Console.Error.WriteLine($"  calibrating on {what} ...");
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = new Calibrator(definition, weights, options).Calibrate(data, confirmation: validation);
        clock.Stop();
        process.Refresh();
        return (CalibrationFile.Write(result.Data), clock.Elapsed, process.TotalProcessorTime - cpu, result.Evaluations);
    }

    /// <summary><paramref name="count"/> samples: all of <paramref name="digits"/>, then its first ones translated (deterministic: seeded per digit).</summary>
    private static Dataset LargeSet(Dataset digits, int count)
    {
        var extra = count - digits.Count;
        var translated = ShiftedMnist.Create(MnistShifts.Named("translation"), MnistSplit.Train, 0, extra, MnistPixels.UnitInterval).Data;
        var size = digits.SampleSize;
        var samples = new float[count * size];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var (source, index) = i < digits.Count ? (digits, i) : (translated, i - digits.Count);
            source.Sample(index).CopyTo(samples.AsSpan(i * size, size));
            labels[i] = source.Label(index);
        }

        return new Dataset(samples, labels, digits.SampleShape, digits.ClassCount);
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(CalibrationBenchmark).Assembly.GetManifestResourceStream("UnIT.Benchmarks." + name)
            ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
