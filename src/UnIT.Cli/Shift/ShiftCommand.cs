using System.CommandLine;
using Spectre.Console;
using UnIT.Calibration.DomainShift;
using UnIT.Model;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;

namespace UnIT.Cli.Shift;

/// <summary><c>unit shift</c>: the domain-shift protocol of docs/domain-shift.md.</summary>
internal static class ShiftCommand
{
    public static readonly Option<DirectoryInfo> Models = new("--models")
    {
        Description = "Folder with the clean models (mnist-dense.npz, mnist-pruned.npz) and their calibration files (MnistDenseQ15.calibration.txt, …): the MNIST sample's models/.",
        DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("sample-apps", "Mnist", "models")),
        HelpName = "folder",
    };

    public static readonly Option<DirectoryInfo?> Output = new("--output", "-o")
    {
        Description = "Folder for the retrained models and shift-specific calibration files (default: <models>/domain-shift).",
        HelpName = "folder",
    };

    public static readonly Option<string[]> Shifts = new("--shift")
    {
        Description = $"Only this shift (repeatable): {string.Join(", ", MnistShifts.All.Select(s => s.Name))}. Default: all.",
        HelpName = "name",
    };

    public static readonly Option<int> Digits = new("--digits")
    {
        Description = "Shifted test digits to measure each method on (0: prepare only).",
        DefaultValueFactory = _ => 500,
        HelpName = "n",
    };

    public static readonly Option<bool> Force = new("--force")
    {
        Description = "Recompute the artifacts even where they exist (fine-tuning, ranges, re-calibration).",
    };

    public static readonly Option<bool> EvaluateOnly = new("--evaluate-only")
    {
        Description = "Compute nothing; measure with the artifacts that exist (an error names a missing one).",
    };

    public static readonly Option<int> Threads = CommonOptions.Threads();

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("shift", """
            The domain-shift protocol (docs/domain-shift.md): for every shift of MNIST digits (noise, geometry, photometry),
            fine-tune the dense and the pruned model on shifted train digits, measure their ranges, and re-calibrate UnIT's
            thresholds on 500 shifted calibration digits (confirmed on 500 shifted validation digits), writing each as a file;
            then measure every method on the shifted test digits on both profiles: accuracy, MACs, mean and 99th-percentile
            cycles per inference. Artifacts that exist are reused unless --force. Takes about a minute per shift to prepare.

            Examples:
              unit shift                                   # prepare what is missing, then measure all shifts
              unit shift --shift rotation --digits 2000
              unit shift --digits 0 --force                # recompute every artifact, measure nothing
            """);
        foreach (var option in new Option[] { Models, Output, Shifts, Digits, Force, EvaluateOnly, Threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var models = result.GetValue(Models)!.FullName;
            var artifacts = new ShiftArtifacts(models, result.GetValue(Output)?.FullName ?? Path.Combine(models, "domain-shift"));
            var shifts = (result.GetValue(Shifts) ?? []) is { Length: > 0 } names ? names.Select(MnistShifts.Named).ToArray() : MnistShifts.All;
            var threads = result.GetValue(Threads);
            var preparation = new ShiftPreparation(artifacts, console, threads);
            var digits = result.GetValue(Digits);
            foreach (var shift in shifts)
            {
                if (!result.GetValue(EvaluateOnly))
                {
                    preparation.Prepare(shift, result.GetValue(Force));
                }

                if (digits > 0)
                {
                    ShiftEvaluation.Write(console, shift, ShiftEvaluation.Measure(artifacts, shift, Math.Min(digits, 2000)), Math.Min(digits, 2000));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The paper's MNIST network (<c>--layers</c> default) under <paramref name="name"/> with <paramref name="options"/>.</summary>
    public static NetworkDefinition PaperNetwork(string name, NetworkOptions options) =>
        LayerList.Parse(LayerList.PaperMnist, name, "1x28x28", options);

    /// <summary>The paper's network with a profile's options and MNIST's normalisation folded (no UnIT).</summary>
    public static NetworkDefinition PaperNetwork(ShiftProfile profile) =>
        PaperNetwork("Mnist", profile.Options(MnistDataset.Mean, MnistDataset.StandardDeviation));
}
