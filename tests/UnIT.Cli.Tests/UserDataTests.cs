using Spectre.Console;
using UnIT.Calibration;
using UnIT.Calibration.UserData;
using UnIT.Model;
using UnIT.NumPy;

namespace UnIT.Cli.Tests;

/// <summary>
/// A user's own network (not MNIST) and data (.npy), as the README's walkthrough uses them: `unit profile` measures
/// statistics, `unit calibrate --inputs` chooses thresholds with or without labels, on a held-out split it reports.
/// </summary>
public sealed class UserDataTests : IDisposable
{
    private const int Features = 8;
    private const int Hidden = 16;
    private const int Classes = 3;
    private const int Rows = 300;
    private const string Layers = "dense:fc1:16,relu,dense:fc2:3";

    private readonly string _directory = Directory.CreateTempSubdirectory("unit-userdata-").FullName;

    public UserDataTests()
    {
        // A small sensor-like task: half the features are zero (a ReLU'd front end), weights fixed by a seed.
        var random = new Random(7);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var w1 = Enumerable.Range(0, Hidden * Features).Select(_ => 0.4f * Normal()).ToArray();
        var w2 = Enumerable.Range(0, Classes * Hidden).Select(_ => 0.4f * Normal()).ToArray();
        NpzWriter.WriteFile(WeightsPath,
        [
            NumPyArray.FromSingles("fc1.weight", w1, Hidden, Features), NumPyArray.FromSingles("fc1.bias", new float[Hidden], Hidden),
            NumPyArray.FromSingles("fc2.weight", w2, Classes, Hidden), NumPyArray.FromSingles("fc2.bias", new float[Classes], Classes),
        ], compressed: false);
        var inputs = Enumerable.Range(0, Rows * Features).Select(_ => Math.Max(0f, Normal())).ToArray();
        NpyWriter.WriteFile(InputsPath, NumPyArray.FromSingles("x", inputs, Rows, Features));
        NpyWriter.WriteFile(LabelsPath, NumPyArray.FromInt32s("y", Enumerable.Range(0, Rows).Select(i => i % Classes).ToArray(), Rows));
    }

    private string WeightsPath => Path.Combine(_directory, "sensor.npz");

    private string InputsPath => Path.Combine(_directory, "x.npy");

    private string LabelsPath => Path.Combine(_directory, "y.npy");

    private string OutputPath => Path.Combine(_directory, "Sensor.calibration.txt");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);

    private string[] Network(string command) =>
        [command, "-w", WeightsPath, "--layers", Layers, "--input", Features.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", "Sensor", "-o", OutputPath, "--inputs", InputsPath];

    private CalibrationData Written() =>
        CalibrationFile.TryParse(File.ReadAllText(OutputPath), out var data, out var problem) ? data! : throw new InvalidDataException(problem);

    [Fact]
    public void Profile_measures_the_users_data_and_chooses_no_threshold()
    {
        var (exit, output, error) = Run(Network("profile"));

        Assert.True(exit == 0, error);
        Assert.Contains("300 rows of x.npy", output, StringComparison.Ordinal); // statistics: every row, none held out
        var data = Written();
        Assert.Equal("Sensor", data.Network);
        var fc1 = data.Layer("fc1")!;
        Assert.InRange(fc1.InputZeroFraction!.Value, 0.35, 0.65); // about half the inputs are zero
        Assert.NotEmpty(fc1.InputMagnitudes);
        Assert.True(fc1.Threshold is null or 0f);
        Assert.True(data.Layer("relu1")!.ActivationThreshold is null or 0f);
    }

    [Fact]
    public void Calibrate_on_the_users_data_with_labels_and_label_free()
    {
        var (exit, output, error) = Run([.. Network("calibrate"), "--labels", LabelsPath, "--budget", "2"]);
        Assert.True(exit == 0, error);
        Assert.Contains("labelled", output, StringComparison.Ordinal);
        Assert.Contains("60 more held out", output, StringComparison.Ordinal);
        Assert.Contains("Confirmation", output, StringComparison.Ordinal);
        Assert.InRange(Written().BaselineAccuracy, 0.1, 0.6); // the labels are i % 3: the random model gets about a third right

        (exit, output, error) = Run([.. Network("calibrate"), "--budget", "2"]);
        Assert.True(exit == 0, error);
        Assert.Contains("label-free", output, StringComparison.Ordinal);
        // The Q15 network without UnIT agrees with the Float32 model's own predictions up to quantisation.
        Assert.InRange(Written().BaselineAccuracy, 0.95, 1.0);
    }

    [Fact]
    public void Label_free_labels_are_the_unpruned_models_predictions_and_the_split_is_fixed()
    {
        var definition = UnIT.Cli.LayerList.Parse(Layers, "Sensor", Features.ToString(System.Globalization.CultureInfo.InvariantCulture), NetworkOptions.Default);
        var weights = WeightFile.Load(WeightsPath);

        var first = CalibrationSamples.Load(InputsPath, null, definition, weights, 0.2);
        var again = CalibrationSamples.Load(InputsPath, null, definition, weights, 0.2);

        Assert.True(first.LabelFree);
        Assert.Equal(240, first.Search.Count);
        Assert.Equal(60, first.HeldOut.Count);
        Assert.Equal(first.Search.Labels.ToArray(), again.Search.Labels.ToArray());
        var interpreter = new UnIT.Interpreter.ReferenceInterpreter(UnIT.Preparation.PreparedNetwork.Prepare(definition, weights), NumberFormat.Float32);
        for (var i = 0; i < first.Search.Count; i++)
        {
            var output = interpreter.Run(first.Search.Sample(i));
            Assert.Equal(Array.IndexOf(output, output.Max()), first.Search.Label(i));
        }
    }

    [Fact]
    public void Data_that_does_not_fit_the_network_is_one_error_naming_the_file_and_the_fix()
    {
        NpyWriter.WriteFile(InputsPath, NumPyArray.FromSingles("x", new float[30], 10, 3));
        var (exit, _, error) = Run(Network("profile"));
        Assert.Equal(1, exit);
        Assert.Contains("x.npy", error, StringComparison.Ordinal);
        Assert.Contains("shape (N, 8)", error, StringComparison.Ordinal);

        NpyWriter.WriteFile(InputsPath, NumPyArray.FromSingles("x", new float[Rows * Features], Rows, Features));
        NpyWriter.WriteFile(LabelsPath, NumPyArray.FromInt32s("y", Enumerable.Repeat(5, Rows).ToArray(), Rows));
        (exit, _, error) = Run([.. Network("calibrate"), "--labels", LabelsPath]);
        Assert.Equal(1, exit);
        Assert.Contains("label 5 of sample 0", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Profile_takes_the_network_and_its_weights_from_the_built_assembly()
    {
        var assembly = CliRunner.MnistSampleAssembly;
        var digits = UnIT.Training.Data.MnistDataset.Load(pixels: UnIT.Training.Data.MnistPixels.UnitInterval).Calibration.Take(50);
        var rows = Enumerable.Range(0, digits.Count).SelectMany(i => digits.Sample(i).ToArray()).ToArray();
        NpyWriter.WriteFile(InputsPath, NumPyArray.FromSingles("digits", rows, digits.Count, 1, 28, 28));

        var (exit, output, error) = Run("profile", "--assembly", assembly, "--class", "MnistDenseQ15", "--inputs", InputsPath, "-o", OutputPath);

        Assert.True(exit == 0, error);
        Assert.Contains("Profiling MnistDenseQ15 on 50 rows of x.npy", output, StringComparison.Ordinal);
        var data = Written();
        Assert.Equal("MnistDenseQ15", data.Network);
        Assert.Equal(NumberFormat.Q15, data.Format); // the declaration's format, not a CLI default
        Assert.InRange(data.Layer("conv1")!.InputZeroFraction!.Value, 0.5, 0.95); // raw digits: mostly background
    }

    [Fact]
    public void An_unknown_class_in_the_assembly_is_one_error_that_says_what_to_pass()
    {
        var (exit, _, error) = Run("profile", "--assembly", typeof(UserDataTests).Assembly.Location, "--class", "NoSuchNet");
        Assert.Equal(1, exit);
        Assert.Contains("--class NoSuchNet", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
