using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Calibration;

namespace UnIT.Cli;

/// <summary>
/// <c>unit profile</c>: the activation statistics of a network on data, without choosing any threshold — what the
/// planner and the Q15 scales need, written as a calibration file the generator reads. It is <c>unit calibrate</c>
/// with nothing searched (the same options, data and file).
/// </summary>
internal static class ProfileCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("profile", """
            Measure a network's activations on data and write the calibration file the generator reads: the input range,
            each layer's output range (Q15 scales), and the share of zero inputs and the magnitudes of the others at each
            conv/dense layer (the planner's statistics: without them it assumes no zeros at the input, half after a ReLU,
            and magnitudes spread evenly over each layer's input range, and the build says so with UNIT114).
            Thresholds are kept as declared (none with --layers); use `unit calibrate` to choose them.

            Examples:
              unit profile --weights mnist-dense.npz --name MnistDense
              unit profile --weights sensor.npz --layers dense:fc1:32,relu,dense:fc2:4 --input 64 --name Sensor --inputs x.npy
              unit profile --assembly bin/Release/net10.0/App.dll --class Sensor --inputs x.npy
            """);
        foreach (var option in new Option[]
        {
            CalibrateCommand.Weights, CalibrateCommand.Name, CalibrateCommand.Output, CalibrateCommand.Profile, CalibrateCommand.Division,
            CalibrateCommand.Format, CalibrateCommand.FoldNormalization, CalibrateCommand.Inputs, CalibrateCommand.Samples,
            CalibrateCommand.Assembly, CalibrateCommand.Class, CalibrateCommand.Layers, CalibrateCommand.Input, CalibrateCommand.Threads,
        })
        {
            command.Options.Add(option);
        }

        CalibrateCommand.RequireNetwork(command);
        command.SetAction(result =>
        {
            var settings = CalibrateCommand.Read(result, measureOnly: true);
            var weights = settings.LoadWeights();
            var (data, _, what) = CalibrateCommand.CalibrationDataFor(result, settings, weights);
            console.MarkupLine($"Profiling [bold]{Markup.Escape(settings.Definition.Name)}[/] on {Markup.Escape(what)}.");
            var measured = new Calibrator(settings.Definition, weights, settings.Options).Calibrate(data);
            File.WriteAllText(settings.OutputPath, CalibrationFile.Write(measured.Data));
            WriteStatistics(console, measured.Data);
            console.MarkupLine($"Wrote [green]{Markup.Escape(Path.GetFullPath(settings.OutputPath))}[/].");
            return 0;
        });
        return command;
    }

    private static void WriteStatistics(IAnsiConsole console, CalibrationData data)
    {
        var table = new Table { Title = new TableTitle($"activations (input range {data.InputRange.ToString("G4", CultureInfo.InvariantCulture)})") }
            .AddColumns("layer", "output range", "zero inputs", "non-zero |input|: median", "90th percentile");
        foreach (var layer in data.Layers.Where(l => l.OutputRange is not null || l.InputZeroFraction is not null))
        {
            var magnitudes = layer.InputMagnitudes;
            table.AddRow(
                layer.Label,
                layer.OutputRange?.ToString("G4", CultureInfo.InvariantCulture) ?? string.Empty,
                layer.InputZeroFraction?.ToString("P1", CultureInfo.InvariantCulture) ?? string.Empty,
                magnitudes.Count > 0 ? magnitudes[magnitudes.Count / 2].ToString("G4", CultureInfo.InvariantCulture) : string.Empty,
                magnitudes.Count > 0 ? magnitudes[(int)(0.9 * (magnitudes.Count - 1))].ToString("G4", CultureInfo.InvariantCulture) : string.Empty);
        }

        console.Write(table);
    }
}
