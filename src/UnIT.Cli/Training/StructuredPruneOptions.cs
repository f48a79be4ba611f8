using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.Resources;
using UnIT.Training;
using UnIT.Training.Data;
using UnIT.Training.Pruning;
using UnIT.Training.Serialization;

namespace UnIT.Cli;

/// <summary>
/// <c>unit prune --structured</c>: resource-budgeted channel pruning (the options it adds to <c>unit prune</c> and what it
/// runs). The budgets are counted by the MCU resource model the generator's constants come from (or, with
/// <c>--accounting Weights</c>, Liberis &amp; Lane's weights-only model).
/// </summary>
internal static class StructuredPruneOptions
{
    public static readonly Option<bool> Structured = new("--structured")
    {
        Description = "Remove whole channels until the --budget-flash/--budget-ram/--budget-macs limits hold (differentiable, resource-budgeted channel pruning), fine-tune, and write the smaller dense network.",
    };

    public static readonly Option<string?> Flash = Budget("--budget-flash", "Flash as --accounting counts it (code and tables of the Dense kernels, or weights and biases), in bytes (6000) or as a share of the dense model (50%).");

    public static readonly Option<string?> Ram = Budget("--budget-ram", "Peak activation RAM as --accounting counts it (buffer liveness, operators one at a time, input buffer excluded), in bytes or as a share (50%).");

    public static readonly Option<string?> Macs = Budget("--budget-macs", "Multiply-accumulates per inference, as a count (120000) or as a share of the dense model (50%).");

    public static readonly Option<NumberFormat> Sizes = new("--sizes")
    {
        Description = "Number format the budgets are counted in: Q15 (2-byte weights and activations, 4-byte biases and accumulators) or Float32.",
        DefaultValueFactory = _ => NumberFormat.Q15,
    };

    public static readonly Option<BudgetAccounting> Accounting = new("--accounting")
    {
        Description = "Chip (default): flash is code and constant tables as the C export compiles the Dense kernels, peak RAM counts the 32-bit accumulators of every layer UnIT may run input-stationary, so the budget holds after UnIT picks its kernels. "
            + "Weights: Liberis & Lane's measure (weights and biases; activation buffers alone), the paper's tables.",
        DefaultValueFactory = _ => BudgetAccounting.Chip,
    };

    public static readonly Option<FileInfo?> Masks = new("--masks")
    {
        Description = "Start from these channel masks (JSON: {\"conv1\": [1,0,1,...], ...}, e.g. from a model pruned elsewhere). Without budgets, the masked channels are just removed (no training).",
        HelpName = "file.json",
    };

    public static readonly Option<FileInfo?> WriteMasks = new("--write-masks")
    {
        Description = "Also write the kept channels as a JSON mask file (the format --masks reads).",
        HelpName = "file.json",
    };

    public static readonly Option<string?> ClassName = new("--class")
    {
        Description = "Print the [UnitNetwork] declaration of the smaller network for this class name (default: derived from the output file).",
        HelpName = "name",
    };

    public static IEnumerable<Option> All => [Structured, Flash, Ram, Macs, Sizes, Accounting, Masks, WriteMasks, ClassName];

    /// <summary>Whether a structured-only option was given without <c>--structured</c> (a mistake worth an error).</summary>
    public static string? MisusedWithout(ParseResult result) =>
        result.GetValue(Structured)
            ? null
            : All.Skip(1).FirstOrDefault(o => result.GetResult(o) is { Implicit: false })?.Name;

    /// <summary>Runs structured pruning of <paramref name="dense"/>; returns the exit code.</summary>
    public static int Run(ParseResult result, IAnsiConsole console, TrainableNetwork dense, MnistDataset mnist, Dataset training, Dataset validation, int threads, int seed, double activationL1)
    {
        var accounting = ReadAccounting(result);
        var denseResources = accounting.Analyze(dense.Definition);
        var budget = ReadBudget(result, denseResources);
        var output = result.GetValue(PruneCommand.Output)!;
        var start = dense;
        if (result.GetValue(Masks) is { } maskFile)
        {
            start = dense.Clone();
            ChannelMaskFile.Apply(start, ChannelMaskFile.Read(maskFile.FullName), MaskMode.Soft, maskFile.Name);
        }

        TrainableNetwork pruned;
        TrainableNetwork masked;
        if (budget is null)
        {
            // Masks from elsewhere, no budget: remove exactly the channels they mask.
            masked = start;
            pruned = ChannelPruning.RemovePrunedChannels(start);
        }
        else
        {
            console.MarkupLine(TrainCommand.Invariant($"Budget: [bold]{budget}[/] (dense: flash {denseResources.FlashBytes:N0} B, peak RAM {denseResources.PeakRamBytes:N0} B, {denseResources.Macs:N0} MACs; {Markup.Escape(accounting.ToString())})."));
            var options = StructuredPruningOptions.Default with
            {
                Accounting = accounting,
                Search = StructuredPruningOptions.Default.Search with { Seed = seed, ActivationL1 = activationL1, MaxDegreeOfParallelism = threads },
                FineTuning = StructuredPruningOptions.Default.FineTuning with { Seed = seed, ActivationL1 = activationL1, MaxDegreeOfParallelism = threads },
            };
            StructuredPruningResult? outcome = null;
            console.Status().Start("structured pruning…", context =>
                outcome = new StructuredPruner(options).Prune(start, training, validation, budget, step =>
                {
                    context.Status(Markup.Escape(CalibrateCommand.Shorten(step.ToString(), 110)));
                    if (step.Pruned.Count > 0 || step.Restored.Count > 0 || step.ValidationAccuracyPercent is not null && step.Phase == StructuredPruningPhase.FineTune)
                    {
                        console.WriteLine(step.ToString());
                    }
                }));
            masked = outcome!.MaskedModel;
            pruned = outcome.PrunedModel;
        }

        var prunedResources = accounting.Analyze(pruned.Definition);
        WriteComparison(console, denseResources, prunedResources, budget);
        var denseTest = Evaluator.Evaluate(dense, mnist.Test, threads);
        var prunedValidation = Evaluator.Evaluate(pruned, validation, threads);
        var prunedTest = Evaluator.Evaluate(pruned, mnist.Test, threads);
        StateDictFile.Save(pruned, output.FullName);
        console.MarkupLine(TrainCommand.Invariant(
            $"Widths {string.Join(", ", ChannelPruning.Widths(masked).Select(w => $"{w.Key} {w.Value}"))}; validation {prunedValidation.AccuracyPercent:0.00} %; test (reported only) {denseTest.AccuracyPercent:0.00} → [bold]{prunedTest.AccuracyPercent:0.00} %[/]."));
        console.MarkupLine($"Wrote [green]{Markup.Escape(output.FullName)}[/] (a smaller dense network).");
        if (result.GetValue(WriteMasks) is { } maskOutput)
        {
            File.WriteAllText(maskOutput.FullName, ChannelMaskFile.Write(masked));
            console.MarkupLine($"Wrote [green]{Markup.Escape(maskOutput.FullName)}[/].");
        }

        console.WriteLine();
        console.WriteLine("Declare it in your project (set Format, Profile and thresholds as you deploy):");
        console.WriteLine(AttributeDeclaration.Write(pruned.Definition, output.Name, result.GetValue(ClassName) ?? AttributeDeclaration.ClassName(Path.GetFileNameWithoutExtension(output.Name))));
        return 0;
    }

    /// <summary>How the budgets are counted: <c>--accounting</c> in the number format of <c>--sizes</c>.</summary>
    internal static ResourceAccounting ReadAccounting(ParseResult result)
    {
        var format = result.GetValue(Sizes);
        return result.GetValue(Accounting) == BudgetAccounting.Weights ? ResourceAccounting.WeightsOnly(ElementSizes.For(format)) : ResourceAccounting.Chip(format);
    }

    /// <summary>The limits the options set, or null when none is set (allowed only with <c>--masks</c>).</summary>
    internal static ResourceBudget? ReadBudget(ParseResult result, NetworkResources dense)
    {
        var budget = new ResourceBudget
        {
            FlashBytes = Limit(result, Flash, dense.FlashBytes, "flash budget"),
            PeakRamBytes = Limit(result, Ram, dense.PeakRamBytes, "peak RAM budget"),
            Macs = Limit(result, Macs, dense.Macs, "MAC budget"),
        };
        if (budget.Kinds.Any())
        {
            return budget;
        }

        return result.GetValue(Masks) is not null
            ? null
            : throw new FormatException("--structured needs a budget: give at least one of --budget-flash, --budget-ram and --budget-macs (e.g. --budget-macs 50% --budget-ram 50%), or --masks.");
    }

    private static long? Limit(ParseResult result, Option<string?> option, long dense, string what) =>
        result.GetValue(option) is { } text ? ResourceBudget.ParseLimit(text, dense, $"{what} ({option.Name})") : null;

    private static void WriteComparison(IAnsiConsole console, NetworkResources dense, NetworkResources pruned, ResourceBudget? budget)
    {
        var table = new Table().AddColumns("resource", "dense", "pruned", "budget");
        Row("flash (B)", dense.FlashBytes, pruned.FlashBytes, budget?.FlashBytes);
        Row("peak RAM (B)", dense.PeakRamBytes, pruned.PeakRamBytes, budget?.PeakRamBytes);
        Row("MACs", dense.Macs, pruned.Macs, budget?.Macs);
        console.Write(table);

        void Row(string name, long before, long after, long? limit) => table.AddRow(
            name,
            before.ToString("N0", CultureInfo.InvariantCulture),
            after.ToString("N0", CultureInfo.InvariantCulture),
            limit is { } l ? TrainCommand.Invariant($"{l:N0} ({(after <= l ? "met" : "missed")})") : "-");
    }

    private static Option<string?> Budget(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "bytes|count|N%",
    };
}
