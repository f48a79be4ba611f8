using System.CommandLine;
using Spectre.Console;
using UnIT.Model;

namespace UnIT.Cli;

/// <summary>The <c>unit</c> command tree.</summary>
internal static class CliApp
{
    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        var root = CreateRoot(console);
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception problem) when (problem is FormatException or InvalidDataException or IOException or ArgumentException or InvalidOperationException
            or UnauthorizedAccessException or UnIT.NumPy.NumPyFormatException or NetworkDefinitionException
            or UnIT.Preparation.WeightBindingException)
        {
            // Bad input (a malformed file, option or budget): the message names what and how to fix it; a stack trace would bury it.
            error.WriteLine($"error: {problem.Message}");
            return 1;
        }
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot(IAnsiConsole console)
    {
        var root = new RootCommand(
            """
            unit: train, prune, calibrate, evaluate and inspect UnIT networks (inference-time pruning for MSP430 microcontrollers).

            A typical session, with the paper's MNIST network (the default everywhere):
              unit train --output mnist-dense.npz
              unit prune --weights mnist-dense.npz --output mnist-pruned.npz
              unit calibrate --weights mnist-pruned.npz --name MnistPruned --profile Msp430FR5994 --division ReciprocalLut
              unit evaluate --weights mnist-pruned.npz --calibration MnistPruned.calibration.txt
              unit inspect mnist-pruned.npz

            Data: the 10,000 MNIST digits embedded in UnIT.Training (8,000 train / 2,000 test). Models are fitted on train
            digits 1,000-6,999; pruning stops on the last 1,000 train digits; thresholds are chosen on the first 1,000
            (the calibration digits, seen by nothing else); the test digits are only ever reported.
            Run `unit <command> --help` for each command's options.
            """);
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(PruneCommand.Create(console));
        root.Subcommands.Add(CalibrateCommand.Create(console));
        root.Subcommands.Add(ProfileCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(InspectCommand.Create(console));
        root.Subcommands.Add(DeclareCommand.Create(console));
        root.Subcommands.Add(Shift.ShiftCommand.Create(console));
        return root;
    }
}
