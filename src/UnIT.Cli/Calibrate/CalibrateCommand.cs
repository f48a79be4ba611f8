using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Calibration;
using UnIT.Calibration.UserData;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Data;

namespace UnIT.Cli;

/// <summary><c>unit calibrate</c>.</summary>
internal static class CalibrateCommand
{
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();
    public static readonly Option<int> Threads = CommonOptions.Threads();
    public static readonly Option<FileInfo> Weights = CommonOptions.Weights(required: false);
    public static readonly Option<FileInfo?> Assembly = CommonOptions.Assembly();
    public static readonly Option<string?> Class = CommonOptions.Class();
    public static readonly Option<TargetProfile> Profile = CommonOptions.Profile(TargetProfile.Msp430FR5994);
    public static readonly Option<DivisionApproximation> Division = CommonOptions.Division(DivisionApproximation.ReciprocalLut);
    public static readonly Option<NumberFormat?> Format = CommonOptions.Format();
    public static readonly Option<bool> FoldNormalization = CommonOptions.FoldNormalization();

    public static readonly Option<string> Name = new("--name")
    {
        Description = "The [UnitNetwork] class the file is for (the generator checks the name).",
        DefaultValueFactory = _ => "Mnist",
        HelpName = "class",
    };

    public static readonly Option<FileInfo?> Output = new("--output", "-o")
    {
        Description = "Where to write the calibration file (default: <name>.calibration.txt).",
        HelpName = "file",
    };

    public static readonly Option<string[]> AlsoFor = new("--also-for")
    {
        Description = "Also write the same settings for another class, as <class>.calibration.txt next to the output (repeatable; e.g. one class per forced kernel implementation).",
        HelpName = "class",
    };

    public static readonly Option<double> Budget = new("--budget")
    {
        Description = "Accuracy the chosen θ and T may cost, in points, on the calibration digits, counted as --search-loss says (digits the reference gets right and the settings get wrong, plus, by default, the true-class probability the others lost).",
        DefaultValueFactory = _ => 0.5,
        HelpName = "points",
    };

    public static readonly Option<double> ThetaBudget = new("--theta-budget")
    {
        Description = "Accuracy the activation-threshold (θ) search may cost (the paper: 0.2 points).",
        DefaultValueFactory = _ => 0.2,
        HelpName = "points",
    };

    public static readonly Option<SearchLoss> Loss = new("--search-loss")
    {
        Description = "How the searches count a setting's loss: TrueClassProbability (a flipped digit counts 1, every other digit the drop of its true class's softmax probability: near misses count in part, so the search fits the few digits that happen to flip less) or FlippedDigits (flipped digits only, the paper's accuracy criterion).",
        DefaultValueFactory = _ => CalibrationOptions.Default.SearchLoss,
    };

    public static readonly Option<bool> NoTheta = new("--no-theta")
    {
        Description = "Keep every ReLU's declared θ (0 with --layers unless written relu:THETA) instead of searching it.",
    };

    public static readonly Option<bool> NoSearch = new("--no-search")
    {
        Description = "Search nothing: UnIT off and plain ReLUs; only measure ranges and input statistics (a file for a baseline class).",
    };

    public static readonly Option<FileInfo?> ThresholdsFrom = new("--thresholds-from")
    {
        Description = "Search nothing: take θ and T (with groups) from this calibration file, price them on --profile with --division and --format, and measure ranges and statistics (e.g. one network's thresholds on another profile).",
        HelpName = "file",
    };

    public static readonly Option<int> Validation = CommonOptions.Validation();

    public static readonly Option<bool> Confirm = new("--confirm")
    {
        Description = "Check the chosen settings on the validation digits (the last --validation train digits, never searched on; flipped digits counted) and scale every θ and T back together (x 0.9, 0.8, …, 0) until they fit the budget there too. Safer on unseen digits, at the price of part of the saving.",
    };

    public static readonly Option<int> Samples = new("--samples")
    {
        Description = "Calibration digits: the first N train digits (held out of training by `unit train`).",
        DefaultValueFactory = _ => MnistDataset.DefaultCalibrationCount,
        HelpName = "n",
    };

    public static readonly Option<int> PricingSamples = new("--pricing-samples")
    {
        Description = "Cycles are averaged over the first N calibration digits (0: all); accuracy always uses all.",
        DefaultValueFactory = _ => CalibrationOptions.Default.PricingSamples,
        HelpName = "n",
    };

    public static readonly Option<string[]> GroupSizes = new("--group-size")
    {
        Description = "Channels per threshold group of a layer, as LAYER=SIZE (repeatable; a divisor of the layer's channels). Default: groups of up to 4 channels for convolutions, one threshold for dense layers.",
        HelpName = "layer=size",
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<FileInfo?> Log = new("--log")
    {
        Description = "Also write every evaluation of the search (phase, layer or group, value tried, share of products, accuracy, cycles, within budget, outcome) as CSV: how the settings were chosen.",
        HelpName = "file.csv",
    };

    public static readonly Option<FileInfo?> Inputs = new("--inputs")
    {
        Description = "Calibrate on your own data instead of the MNIST digits: a .npy of shape (N, ...) with one network input per row, as the network takes it (after any normalisation it does not fold). A --held-out share is set aside and the chosen settings are confirmed there.",
        HelpName = "inputs.npy",
    };

    public static readonly Option<FileInfo?> Labels = new("--labels")
    {
        Description = "The class of each --inputs row (.npy, shape (N,), int32). Without labels the calibration is label-free: the budget bounds how many of the unpruned model's top-1 predictions UnIT may change.",
        HelpName = "labels.npy",
    };

    public static readonly Option<double> HeldOut = new("--held-out")
    {
        Description = "Share of the --inputs rows held out of the search (a fixed shuffle) to confirm the settings on (0: none).",
        DefaultValueFactory = _ => 0.2,
        HelpName = "fraction",
    };

    public static readonly Option<KernelImplementation> Implementation = new("--implementation")
    {
        Description = "Whose cycles to minimise: Auto (each layer's cheapest kernel, measured) or Gather, Sorted, Bucketed for every layer.",
        DefaultValueFactory = _ => KernelImplementation.Auto,
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("calibrate", """
            Choose the activation thresholds θ (the paper's search: start at 1, double while within --theta-budget, then bisect;
            last ReLU first) and the UnIT thresholds T per layer and channel group that minimise emulated MSP430 cycles on
            the calibration digits within --budget, and write the calibration file the generator and analyzers read
            (thresholds, Q15 ranges, input statistics). With --confirm, the settings are then checked on the validation
            digits and scaled back until they fit the budget there too. Takes under a minute for the MNIST network.

            Examples:
              unit calibrate --weights mnist-pruned.npz --name MnistPruned
              unit calibrate --weights mnist-pruned.npz --name MnistPrunedSoft --profile Msp430FR5994SoftFloat --division FloatBits
              unit calibrate --weights mnist-dense.npz --name MnistDense --group-size conv1=6 --budget 1
              unit calibrate --weights mnist-dense.npz --name MnistDenseRaw --fold-normalization
              unit calibrate --weights mnist-dense.npz --name MnistDenseOnMpy32 --thresholds-from MnistDenseSoft.calibration.txt
              unit calibrate --weights sensor.npz --layers dense:fc1:32,relu,dense:fc2:4 --input 64 --name Sensor --inputs x.npy --labels y.npy
              unit calibrate --assembly bin/Release/net10.0/App.dll --class Sensor --inputs x.npy
            """);
        foreach (var option in new Option[] { Weights, Name, Output, AlsoFor, Profile, Division, Format, Budget, ThetaBudget, Loss, NoTheta, NoSearch, ThresholdsFrom, Confirm, Validation, Samples, PricingSamples, GroupSizes, Implementation, FoldNormalization, Log, Inputs, Labels, HeldOut, Assembly, Class, Layers, Input, Threads })
        {
            command.Options.Add(option);
        }

        RequireNetwork(command);
        command.SetAction(result =>
        {
            var settings = Read(result);
            var weights = settings.LoadWeights();
            var (data, confirmation, what) = CalibrationDataFor(result, settings, weights);
            var calibrator = new Calibrator(settings.Definition, weights, settings.Options);
            console.MarkupLine(TrainCommand.Invariant(
                $"Calibrating [bold]{Markup.Escape(settings.Definition.Name)}[/] ({settings.Definition.Options.Format}, {settings.Definition.Options.Profile}, division {settings.Definition.Options.Division}) on {Markup.Escape(what)}, budget {settings.Options.AccuracyBudgetPoints:0.##} points."));
            CalibrationResult? calibration = null;
            console.Progress().AutoClear(false).HideCompleted(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                calibration = calibrator.Calibrate(data, progress =>
                {
                    task.MaxValue = Math.Max(1, progress.EstimatedEvaluations);
                    task.Value = progress.Evaluations;
                    task.Description = Markup.Escape(Shorten(progress.Message, 90));
                }, confirmation);
                task.Value = task.MaxValue;
            });

            var path = settings.OutputPath;
            File.WriteAllText(path, CalibrationFile.Write(calibration!.Data));
            WriteSummary(console, calibration);
            console.MarkupLine($"Wrote [green]{Markup.Escape(Path.GetFullPath(path))}[/].");
            if (result.GetValue(Log) is { } log)
            {
                File.WriteAllText(log.FullName, CalibrationLog.Write(calibration.Steps));
                console.MarkupLine($"Wrote [green]{Markup.Escape(log.FullName)}[/] ({calibration.Steps.Count:N0} steps).");
            }

            foreach (var other in result.GetValue(AlsoFor) ?? [])
            {
                var copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, other + CalibrationFile.Extension);
                File.WriteAllText(copy, CalibrationFile.Write(calibration.Data with { Network = other }));
                console.MarkupLine($"Wrote [green]{Markup.Escape(copy)}[/] (the same settings for class {Markup.Escape(other)}).");
            }
            return 0;
        });
        return command;
    }

    /// <summary>A parse error unless the command is given a network: --weights, or --assembly with --class.</summary>
    internal static void RequireNetwork(Command command) =>
        command.Validators.Add(result =>
        {
            if (result.GetValue(Weights) is null && result.GetValue(Assembly) is null)
            {
                result.AddError("Give the network: --weights file.npz (with --layers for a network other than MNIST's), or --assembly App.dll --class Name.");
            }
            else if (result.GetValue(Assembly) is not null && result.GetValue(Class) is null)
            {
                result.AddError("--assembly needs --class: the [UnitNetwork] class in it.");
            }
        });

    /// <summary>
    /// The samples to search on and to confirm on: the user's --inputs (split, labelled or label-free) or the MNIST
    /// calibration digits (confirmed on the validation digits with --confirm); and how to say which.
    /// </summary>
    internal static (Dataset Data, Dataset? Confirmation, string What) CalibrationDataFor(ParseResult result, CalibrateSettings settings, WeightFile weights)
    {
        if (result.GetValue(Inputs) is { } inputs)
        {
            var samples = CalibrationSamples.Load(inputs.FullName, result.GetValue(Labels)?.FullName, settings.Definition, weights, result.GetValue(HeldOut));
            var labels = samples.LabelFree ? "label-free: agreement with the unpruned model's top-1" : "labelled";
            var heldOut = samples.HeldOut.Count > 0 ? FormattableString.Invariant($"; {samples.HeldOut.Count:N0} more held out to confirm on") : string.Empty;
            return (samples.Search, samples.HeldOut.Count > 0 ? samples.HeldOut : null,
                FormattableString.Invariant($"{samples.Search.Count:N0} rows of {inputs.Name} ({labels}{heldOut})"));
        }

        if (result.GetValue(Labels) is not null)
        {
            throw new ArgumentException("--labels needs --inputs: they label your own calibration data.");
        }

        var mnist = MnistDataset.Load(settings.Samples, CommonOptions.PixelsFor(settings.Definition));
        var confirmation = result.GetValue(Confirm) ? CommonOptions.Split(mnist, result.GetValue(Validation)).Validation : null;
        return (mnist.Calibration, confirmation, FormattableString.Invariant($"{mnist.Calibration.Count:N0} calibration digits"));
    }

    /// <summary>Everything the options say, checked.</summary>
    internal static CalibrateSettings Read(ParseResult result, bool measureOnly = false)
    {
        var declared = result.GetValue(Assembly) is { } assembly
            ? DeclaredNetwork.Load(assembly, result.GetValue(Class) ?? throw new ArgumentException("--assembly needs --class: the [UnitNetwork] class to calibrate."))
            : null;
        if (declared is null && result.GetValue(Weights) is null)
        {
            throw new ArgumentException("Give the network: --weights file.npz (with --layers for a network other than MNIST's), or --assembly App.dll --class Name.");
        }

        var profile = result.GetValue(Profile);
        var name = declared?.Definition.Name ?? result.GetValue(Name)!;
        var options = CommonOptions.WithNormalization(
            new NetworkOptions
            {
                Format = CommonOptions.FormatFor(profile, result.GetValue(Format)),
                Profile = profile,
                Division = result.GetValue(Division),
            },
            result.GetValue(FoldNormalization));
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in result.GetValue(GroupSizes) ?? [])
        {
            var parts = pair.Split('=');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new FormatException($"--group-size '{pair}': write LAYER=SIZE, e.g. conv2=4");
            }

            groups[parts[0]] = size;
        }

        var source = result.GetValue(ThresholdsFrom) is { } from ? CommonOptions.ReadCalibration(from) : null;
        var search = !measureOnly && !result.GetValue(NoSearch) && source is null;
        var calibration = CalibrationOptions.Default with
        {
            AccuracyBudgetPoints = result.GetValue(Budget),
            ActivationBudgetPoints = result.GetValue(ThetaBudget),
            SearchLoss = result.GetValue(Loss),
            SearchActivationThresholds = search && !result.GetValue(NoTheta),
            SearchThresholds = search,
            GroupSizes = groups,
            Implementation = result.GetValue(Implementation),
            PricingSamples = result.GetValue(PricingSamples),
            NetworkName = name,
            MaxDegreeOfParallelism = result.GetValue(Threads),
        };
        var definition = declared?.Definition ?? CommonOptions.Network(result, Layers, Input, name, options);
        return new CalibrateSettings(
            source is null ? definition : CalibratedNetwork.ApplyThresholds(definition, CommonOptions.Matching(source, definition, result.GetValue(ThresholdsFrom)!.Name)),
            result.GetValue(Weights)?.FullName ?? string.Empty,
            result.GetValue(Output)?.FullName ?? name + CalibrationFile.Extension,
            result.GetValue(Samples),
            calibration)
        {
            DeclaredWeights = declared?.Weights,
        };
    }

    private static void WriteSummary(IAnsiConsole console, CalibrationResult result)
    {
        var table = new Table { Title = new TableTitle("chosen settings (calibration digits)") }.AddColumns("layer", "θ", "T (per group)", "kernel priced", "output range");
        foreach (var layer in result.Data.Layers)
        {
            table.AddRow(
                layer.Label,
                layer.ActivationThreshold?.ToString("G4", CultureInfo.InvariantCulture) ?? string.Empty,
                layer.GroupThresholds.Count > 0
                    ? string.Join(", ", layer.GroupThresholds.Select(t => t.ToString("G4", CultureInfo.InvariantCulture)))
                    : layer.Threshold?.ToString("G4", CultureInfo.InvariantCulture) ?? string.Empty,
                result.Implementations.TryGetValue(layer.Label, out var implementation) ? implementation.ToString() : string.Empty,
                layer.OutputRange?.ToString("G4", CultureInfo.InvariantCulture) ?? string.Empty);
        }

        console.Write(table);
        if (result.ConfirmationLossPoints is { } confirmed)
        {
            console.MarkupLine(TrainCommand.Invariant(
                $"Confirmation on the validation digits: {confirmed:0.00} points lost{(result.ConfirmationScale < 1 ? $" after scaling the search's thresholds by {result.ConfirmationScale:0.##}" : " (settings kept as found)")}."));
        }

        console.MarkupLine(TrainCommand.Invariant(
            $"Accuracy {result.ReferenceAccuracyPercent:0.00} → [bold]{result.AccuracyPercent:0.00} %[/]; cycles {result.ReferenceCycles:N0} → [bold]{result.Cycles:N0}[/] ({100 * (1 - (result.Cycles / result.ReferenceCycles)):0.0} % fewer); MACs {result.Macs:N0} of {result.DenseMacs:N0} dense ({100 * (1 - (result.Macs / result.DenseMacs)):0.0} % fewer); {result.Evaluations} evaluations."));
    }

    internal static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");
}
