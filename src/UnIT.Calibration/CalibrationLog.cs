using System.Globalization;
using System.Text;

namespace UnIT.Calibration;

/// <summary>
/// A calibration run's steps as CSV (one row per evaluation: what was tried and what it measured), so a user can see
/// how the settings were chosen. Written by hand: eight columns of numbers and short labels need only RFC 4180 quoting,
/// which is not worth a CSV package in this library.
/// </summary>
public static class CalibrationLog
{
    private static readonly string[] Headers = ["phase", "layer", "group", "value", "skip_share", "accuracy_percent", "cycles", "within_budget", "outcome"];

    /// <summary>The steps as CSV text with a header row; NaN (not measured) is written as an empty field.</summary>
    public static string Write(IEnumerable<CalibrationStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var text = new StringBuilder().AppendJoin(',', Headers).Append('\n');
        foreach (var step in steps)
        {
            string[] fields =
            [
                step.Phase.ToString(),
                step.Layer,
                step.Group.ToString(CultureInfo.InvariantCulture),
                step.Value.ToString("R", CultureInfo.InvariantCulture),
                Number(step.SkipShare),
                Number(step.AccuracyPercent),
                Number(step.Cycles),
                step.WithinBudget ? "true" : "false",
                step.Outcome,
            ];
            text.AppendJoin(',', fields.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
