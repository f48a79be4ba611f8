using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Training;
using UnIT.Training.Data;
using UnIT.Training.Pruning;
using UnIT.Training.Serialization;

namespace UnIT.Cli;

/// <summary><c>unit prune</c>.</summary>
internal static class PruneCommand
{
    public static readonly Option<string> Layers = CommonOptions.Layers();
    public static readonly Option<string> Input = CommonOptions.Input();
    public static readonly Option<int> Holdout = CommonOptions.Holdout();
    public static readonly Option<int> Validation = CommonOptions.Validation();
    public static readonly Option<int> Threads = CommonOptions.Threads();
    public static readonly Option<FileInfo> Weights = CommonOptions.Weights();
    public static readonly Option<double> ActivationL1 = CommonOptions.ActivationL1("the fine-tuning (the MNIST sample leaves it off: with 5e-4 its pruner stopped after one step)");

    public static readonly Option<FileInfo> Output = new("--output", "-o")
    {
        Description = "Where to write the pruned weights (.npz; pruned weights are exact zeros).",
        Required = true,
        HelpName = "file.npz",
    };

    public static readonly Option<double> Budget = new("--budget")
    {
        Description = "Stop before the accuracy on the held-out digits falls more than this many points below the dense model.",
        DefaultValueFactory = _ => 0.5,
        HelpName = "points",
    };

    public static readonly Option<double> Step = new("--step")
    {
        Description = "Share of the remaining weights pruned per step (global L1 magnitude), each followed by one fine-tuning epoch (SGD lr 0.001, momentum 0.9).",
        DefaultValueFactory = _ => 0.05,
        HelpName = "fraction",
    };

    public static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seeds the fine-tuning shuffles.",
        DefaultValueFactory = _ => 1,
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("prune", """
            Magnitude-prune a trained network by the UnIT paper's baseline recipe: global L1 pruning of conv and dense weights,
            5 % of the remaining weights per step, one fine-tuning epoch per step on the training digits, stop before the
            accuracy on the last --validation train digits (a validation split taken from train, held out of training)
            drops more than --budget points. The calibration digits (the first --holdout) are not used.

            With --structured it removes whole channels instead, until resource budgets hold (flash, peak RAM and MACs
            counted by the MCU resource model, any subset), then fine-tunes and writes the smaller dense network and
            prints its [UnitNetwork] declaration.

            Examples:
              unit prune --weights mnist-dense.npz --output mnist-pruned.npz
              unit prune --structured --budget-macs 50% --budget-ram 50% --weights mnist-dense.npz --output mnist-structured.npz
              unit prune --structured --budget-flash 6000 --weights mnist-dense.npz --output small.npz --write-masks small.masks.json
            """);
        foreach (var option in new Option[] { Weights, Output, Budget, Step, Seed, ActivationL1, Holdout, Validation, Layers, Input, Threads }.Concat(StructuredPruneOptions.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var definition = CommonOptions.Network(result, Layers, Input, "mnist");
            var mnist = MnistDataset.Load(result.GetValue(Holdout));
            var (training, validation) = CommonOptions.Split(mnist, result.GetValue(Validation));
            var network = TrainableNetwork.Create(definition, seed: 1);
            StateDictFile.Load(network, result.GetValue(Weights)!.FullName);
            var threads = result.GetValue(Threads);
            if (StructuredPruneOptions.MisusedWithout(result) is { } misused)
            {
                throw new FormatException($"{misused} belongs to structured pruning; add --structured (or leave {misused} out for magnitude pruning).");
            }

            if (result.GetValue(StructuredPruneOptions.Structured))
            {
                return StructuredPruneOptions.Run(result, console, network, mnist, training, validation, threads, result.GetValue(Seed), result.GetValue(ActivationL1));
            }

            var options = MagnitudePruningOptions.Default with
            {
                StepFraction = result.GetValue(Step),
                AccuracyBudgetPoints = result.GetValue(Budget),
                FineTuning = MagnitudePruningOptions.Default.FineTuning with
                {
                    Seed = result.GetValue(Seed),
                    ActivationL1 = result.GetValue(ActivationL1),
                    MaxDegreeOfParallelism = threads,
                },
            };
            var table = new Table().AddColumns("step", "pruned", "sparsity", "validation accuracy", "within budget");
            MagnitudePruningResult? pruned = null;
            console.Status().Start("pruning…", context =>
            {
                pruned = new MagnitudePruner(options).Prune(network, training, validation, step =>
                {
                    context.Status(TrainCommand.Invariant($"step {step.Step}: {step.Sparsity:P1} sparse, {step.AccuracyPercent:0.00} %"));
                    table.AddRow(step.Step.ToString(CultureInfo.InvariantCulture), step.PrunedWeights.ToString("N0", CultureInfo.InvariantCulture),
                        TrainCommand.Invariant($"{step.Sparsity:P1}"), TrainCommand.Invariant($"{step.AccuracyPercent:0.00} %"), step.WithinBudget ? "yes" : "no (discarded)");
                });
            });
            console.Write(table);
            var model = pruned!.Model;
            var test = Evaluator.Evaluate(model, mnist.Test, threads);
            var denseTest = Evaluator.Evaluate(network, mnist.Test, threads);
            var output = result.GetValue(Output)!;
            StateDictFile.Save(model, output.FullName);
            console.MarkupLine(TrainCommand.Invariant(
                $"Kept {pruned.StepsKept} steps ({pruned.StopReason}): [bold]{pruned.Sparsity:P1}[/] of the weights pruned; validation {pruned.DenseAccuracyPercent:0.00} → {pruned.AccuracyPercent:0.00} %; test (reported only) {denseTest.AccuracyPercent:0.00} → [bold]{test.AccuracyPercent:0.00} %[/]."));
            console.MarkupLine($"Wrote [green]{Markup.Escape(output.FullName)}[/].");
            return 0;
        });
        return command;
    }
}
