using System.Globalization;
using Spectre.Console;
using UnIT.Calibration.DomainShift;
using UnIT.Costs;
using UnIT.Training.Data.Shifts;

namespace UnIT.Cli.Shift;

/// <summary>Measures every method of the protocol on one shift's test digits with the reference interpreter, and prints it.</summary>
internal static class ShiftEvaluation
{
    /// <summary>Every (method, profile) on the first <paramref name="digits"/> shifted test digits.</summary>
    public static IReadOnlyList<(ShiftMethod Method, ShiftProfile Profile, ShiftMeasurement Result)> Measure(ShiftArtifacts artifacts, DigitShift shift, int digits)
    {
        var test = ShiftProtocol.TestSet(shift, digits);
        var results = new List<(ShiftMethod, ShiftProfile, ShiftMeasurement)>();
        foreach (var profile in ShiftProfile.All)
        {
            foreach (var method in ShiftMethods.All)
            {
                var interpreter = artifacts.Interpreter(shift, method, profile, ShiftCommand.PaperNetwork(profile));
                results.Add((method, profile, ShiftMeasurement.Measure(test.Data, interpreter.CreateLedger, interpreter.Predict, CostProfile.For(profile.Profile))));
            }
        }

        return results;
    }

    /// <summary>Prints one shift's table.</summary>
    public static void Write(IAnsiConsole console, DigitShift shift, IReadOnlyList<(ShiftMethod Method, ShiftProfile Profile, ShiftMeasurement Result)> results, int digits)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{shift.Name} ({shift.Severity}), {digits:N0} shifted test digits"))) }
            .AddColumns("profile", "method", "accuracy", "MACs", "cycles (mean)", "cycles (99th pct)");
        foreach (var (method, profile, result) in results)
        {
            table.AddRow(
                Markup.Escape(profile.Label),
                Markup.Escape(method.Label()),
                TrainCommand.Invariant($"{result.AccuracyPercent:0.00} %"),
                TrainCommand.Invariant($"{result.Macs:N0}"),
                TrainCommand.Invariant($"{result.Cycles:N0}"),
                TrainCommand.Invariant($"{result.Cycles99:N0}"));
        }

        console.Write(table);
    }
}
