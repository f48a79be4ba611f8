using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Training;
using UnIT.Training.Data;
using UnIT.Training.Serialization;

namespace UnIT.Cli;

/// <summary><c>unit train</c>.</summary>
internal static class TrainCommand
{
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();
    public static readonly Option<int> Holdout = CommonOptions.Holdout();
    public static readonly Option<int> Validation = CommonOptions.Validation();
    public static readonly Option<int> Threads = CommonOptions.Threads();

    public static readonly Option<FileInfo> Output = new("--output", "-o")
    {
        Description = "Where to write the trained weights (.npz, PyTorch state_dict names).",
        Required = true,
        HelpName = "file.npz",
    };

    public static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seeds the initial weights and the shuffles; the same seed gives the same file.",
        DefaultValueFactory = _ => 1,
    };

    public static readonly Option<int> Epochs = new("--epochs")
    {
        Description = "Passes over the training digits (Adam, lr 2e-3, cosine schedule, batch 32, ±2 pixel translations).",
        DefaultValueFactory = _ => 20,
    };

    public static readonly Option<double> ActivationL1 = CommonOptions.ActivationL1("training");

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("train", """
            Train a network on the MNIST train digits except the first --holdout (calibration) and the last --validation
            (pruning validation) ones, and save it as .npz. Prints the accuracy on both held-out sets and, for
            information only, on the 2,000 test digits.

            Example:
              unit train --output mnist-dense.npz
              unit train --seed 2 --epochs 30 --output mnist-dense-seed2.npz
            """);
        foreach (var option in new Option[] { Output, Seed, Epochs, ActivationL1, Holdout, Validation, Layers, Input, Threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var definition = CommonOptions.Network(result, Layers, Input, "mnist");
            var mnist = MnistDataset.Load(result.GetValue(Holdout));
            var (training, validation) = CommonOptions.Split(mnist, result.GetValue(Validation));
            var options = TrainingOptions.Default with
            {
                Seed = result.GetValue(Seed),
                Epochs = result.GetValue(Epochs),
                ActivationL1 = result.GetValue(ActivationL1),
                MaxDegreeOfParallelism = result.GetValue(Threads),
            };
            var network = TrainableNetwork.Create(definition, options.Seed);
            console.MarkupLine(Invariant($"Training [bold]{definition.Layers.Count}[/] layers on [bold]{training.Count:N0}[/] digits (holding out {mnist.Calibration.Count:N0} calibration and {validation.Count:N0} validation digits), seed {options.Seed}, {options.Epochs} epochs."));
            console.Progress().AutoClear(false).Start(context =>
            {
                var task = context.AddTask("epochs", maxValue: Math.Max(1, options.Epochs));
                new Trainer(network, options).Train(training, epoch =>
                {
                    task.Description = Invariant($"epoch {epoch.Epoch + 1}: loss {epoch.MeanLoss:0.0000}, train {epoch.AccuracyPercent:0.00} %");
                    task.Increment(1);
                });
            });
            var heldOut = Evaluator.Evaluate(network, mnist.Calibration, options.MaxDegreeOfParallelism);
            var validated = Evaluator.Evaluate(network, validation, options.MaxDegreeOfParallelism);
            var test = Evaluator.Evaluate(network, mnist.Test, options.MaxDegreeOfParallelism);
            var output = result.GetValue(Output)!;
            StateDictFile.Save(network, output.FullName);
            console.MarkupLine(Invariant($"Calibration digits: [bold]{heldOut.AccuracyPercent:0.00} %[/]; validation digits: [bold]{validated.AccuracyPercent:0.00} %[/]; test digits (reported, never used to choose): [bold]{test.AccuracyPercent:0.00} %[/]."));
            console.MarkupLine($"Wrote [green]{Markup.Escape(output.FullName)}[/].");
            return 0;
        });
        return command;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
