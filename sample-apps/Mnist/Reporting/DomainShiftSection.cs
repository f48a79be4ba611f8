using System.Text;
using Mnist.Evaluation;
using Mnist.Reporting.Charts;
using Spectre.Console;
using UnIT.Calibration.DomainShift;
using UnIT.Training.Data.Shifts;

namespace Mnist.Reporting;

/// <summary>
/// The report's domain-shift section (docs/domain-shift.md): a table per shift, an accuracy summary, the accuracy-vs-cycles
/// charts, and the verdict on the paper's claim, every number from <see cref="DomainShiftRun"/>.
/// </summary>
internal sealed class DomainShiftSection(IReadOnlyList<ShiftResult> results, int digits, IReadOnlyList<string> missing)
{
    /// <summary>Accuracy differences up to this many points count as "matching" (2 of 200 digits).</summary>
    private const double Tolerance = 1.0;

    private static readonly string[] ShiftHeaders = ["profile", "method", "accuracy", "MACs", "fewer MACs than dense", "cycles (mean)", "cycles (99th percentile)", "99th pct / mean"];

    private IReadOnlyList<DigitShift> Shifts => MnistShifts.All.Where(s => results.Any(r => r.Shift == s)).ToArray();

    private ShiftMeasurement? Find(DigitShift? shift, ShiftMethod method, ShiftProfile profile) =>
        results.FirstOrDefault(r => r.Shift == shift && r.Method == method && r.Profile == profile)?.Measurement;

    private ShiftMeasurement Get(DigitShift shift, ShiftMethod method, ShiftProfile profile) => Find(shift, method, profile)!;

    private IEnumerable<string[]> ShiftRows(DigitShift shift) =>
        from profile in ShiftProfile.All
        from method in ShiftMethods.All
        let m = Get(shift, method, profile)
        select new[]
        {
            profile.Label, method.Label(), Text.F($"{m.AccuracyPercent:0.00} %"), Text.Count(m.Macs), Text.Percent(100 * (1 - (m.Macs / m.DenseMacs))),
            Text.Count(m.Cycles), Text.Count(m.Cycles99), Text.F($"{m.Cycles99 / m.Cycles:0.00}"),
        };

    private string[] AccuracyHeaders => ["shift", "kind", "severity", .. ShiftMethods.All.Select(m => m.Label())];

    /// <summary>Accuracy on Q15 / MPY32 per shift and method, with the clean digits first.</summary>
    private IEnumerable<string[]> AccuracyRows()
    {
        string Cell(DigitShift? shift, ShiftMethod method) =>
            Find(shift, method, ShiftProfile.Q15) is { } m ? Text.F($"{m.AccuracyPercent:0.0} %") : "–";
        yield return ["clean", "-", "-", .. ShiftMethods.All.Select(m => Cell(null, m))];
        foreach (var shift in Shifts)
        {
            yield return [shift.Name, shift.Kind.ToString().ToLowerInvariant(), shift.Severity, .. ShiftMethods.All.Select(m => Cell(shift, m))];
        }
    }

    private static readonly string[] AverageHeaders = ["profile", "method", "accuracy (mean over shifts)", "MACs (mean)", "cycles (mean)", "cycles (99th percentile, mean over shifts)", "cycles (99th percentile, worst shift)"];

    /// <summary>Every method averaged over the shifts, per profile.</summary>
    private IEnumerable<string[]> AverageRows() =>
        from profile in ShiftProfile.All
        from method in ShiftMethods.All
        let ms = Shifts.Select(s => Get(s, method, profile)).ToArray()
        select new[]
        {
            profile.Label, method.Label(), Text.F($"{ms.Average(m => m.AccuracyPercent):0.00} %"), Text.Count(ms.Average(m => m.Macs)),
            Text.Count(ms.Average(m => m.Cycles)), Text.Count(ms.Average(m => m.Cycles99)), Text.Count(ms.Max(m => m.Cycles99)),
        };

    /// <summary>The verdict on the paper's claim, with the numbers it rests on.</summary>
    public string Verdict()
    {
        if (Shifts.Count == 0)
        {
            return "No shift could be measured (artifacts missing), so there is no verdict.";
        }

        var q15 = ShiftProfile.Q15;
        var soft = ShiftProfile.SoftFloat;
        double Mean(ShiftMethod method, ShiftProfile profile, Func<ShiftMeasurement, double> value) => Shifts.Average(s => value(Get(s, method, profile)));
        double Accuracy(DigitShift s, ShiftMethod method) => Get(s, method, q15).AccuracyPercent;
        var matched = Shifts.Where(s => Accuracy(s, ShiftMethod.UnitRecalibrated) >= Accuracy(s, ShiftMethod.PrunedRetrained) - Tolerance).ToArray();
        var matchedClean = Shifts.Count(s => Accuracy(s, ShiftMethod.UnitClean) >= Accuracy(s, ShiftMethod.PrunedRetrained) - Tolerance);
        var worst = Shifts.OrderBy(s => Accuracy(s, ShiftMethod.UnitRecalibrated) - Accuracy(s, ShiftMethod.PrunedRetrained)).First();
        var macRatio = Mean(ShiftMethod.UnitRecalibrated, q15, m => m.Macs) / Mean(ShiftMethod.PrunedRetrained, q15, m => m.Macs);
        var holds = matched.Length == Shifts.Count && macRatio <= 0.8 ? "holds"
            : matched.Length == 0 || macRatio > 1 ? "does not hold"
            : "holds only in part";
        string Cycles(ShiftMethod method, ShiftProfile profile) => Text.Count(Mean(method, profile, m => m.Cycles));
        string P99(ShiftMethod method) => Text.F($"{Mean(method, q15, m => m.Cycles99 / m.Cycles):0.00}");

        return Text.F($"**Verdict.** The paper's claim (\"under domain shift, UnIT matches or exceeds the accuracy of retrained models while requiring significantly fewer MACs\") **{holds}** here, on {Shifts.Count} shifts and {digits:N0} shifted test digits each (differences within {Tolerance:0} point, {Tolerance * digits / 100:0} digits, count as matching). ")
            + Text.F($"Without retraining, UnIT re-calibrated on 500 shifted train digits matches or exceeds the retrained pruned model (the paper's \"retrained\") on {matched.Length} of {Shifts.Count} shifts{(matched.Length > 0 ? " (" + string.Join(", ", matched.Select(s => s.Name)) + ")" : string.Empty)}; ")
            + Text.F($"averaged over the shifts it reaches {Mean(ShiftMethod.UnitRecalibrated, q15, m => m.AccuracyPercent):0.0} % against {Mean(ShiftMethod.PrunedRetrained, q15, m => m.AccuracyPercent):0.0} % for the retrained pruned model, {Mean(ShiftMethod.DenseRetrained, q15, m => m.AccuracyPercent):0.0} % for the retrained dense model and {Mean(ShiftMethod.Dense, q15, m => m.AccuracyPercent):0.0} % for the clean dense model (Q15 / MPY32). ")
            + Text.F($"With the clean calibration as is, UnIT reaches {Mean(ShiftMethod.UnitClean, q15, m => m.AccuracyPercent):0.0} % and matches on {matchedClean} of {Shifts.Count}. ")
            + Text.F($"The largest gap is {worst.Name}: {Accuracy(worst, ShiftMethod.UnitRecalibrated):0.0} % against {Accuracy(worst, ShiftMethod.PrunedRetrained):0.0} %. ")
            + Text.F($"UnIT re-calibrated runs {Text.Count(Mean(ShiftMethod.UnitRecalibrated, q15, m => m.Macs))} MACs per inference against the retrained pruned model's {Text.Count(Mean(ShiftMethod.PrunedRetrained, q15, m => m.Macs))} ({macRatio:0.00} x) and the retrained dense model's {Text.Count(Mean(ShiftMethod.DenseRetrained, q15, m => m.Macs))}; ")
            + Text.F($"mean cycles per inference {Cycles(ShiftMethod.UnitRecalibrated, q15)} against {Cycles(ShiftMethod.PrunedRetrained, q15)} on Q15 / MPY32 and {Cycles(ShiftMethod.UnitRecalibrated, soft)} against {Cycles(ShiftMethod.PrunedRetrained, soft)} on soft float. ")
            + Text.F($"Latency is input-dependent for every skipping kernel: on Q15 / MPY32 the 99th-percentile inference costs {P99(ShiftMethod.UnitRecalibrated)} x the mean for UnIT re-calibrated, {P99(ShiftMethod.PrunedRetrained)} x for the retrained pruned model and {P99(ShiftMethod.Dense)} x for the clean dense model.");
    }

    /// <summary>Prints the accuracy summary and the verdict.</summary>
    public void Print(IAnsiConsole console)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(Text.F($"Domain shift: accuracy on Q15 / MPY32 ({digits:N0} digits per shift)"))), Border = TableBorder.Rounded };
        foreach (var header in AccuracyHeaders)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        foreach (var row in AccuracyRows())
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(Verdict().Replace("**", string.Empty, StringComparison.Ordinal)));
    }

    /// <summary>Writes domain-shift.csv and the charts, and returns the Markdown section.</summary>
    public string Write(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "domain-shift.csv"), Report.Csv(
            ["shift", .. ShiftHeaders],
            Shifts.SelectMany(s => ShiftRows(s).Select(r => new[] { s.Name }.Concat(r).ToArray()))));
        var charts = ShiftProfile.All.Select(profile => DomainShiftChart.Write(directory, "domain-shift-" + profile.Key, profile, results, digits)).ToArray();

        var md = new StringBuilder("## Domain shift\n\n");
        md.Append(Text.F($"The protocol of [docs/domain-shift.md](../../../docs/domain-shift.md): the first {digits:N0} test digits, shifted by each of {Shifts.Count} shifts (noise, geometry, photometry; seeded, computed from the embedded digits), through six methods on both profiles. The retrained models and the re-calibrated thresholds are the committed files of `models/domain-shift/` (made by `unit shift` from shifted *train* digits only); this run only measures. {digits:N0} digits per shift keep the main job within its time (`--shift-digits 2000` measures all), so one digit is {100.0 / digits:0.00} points and differences of a point or two are noise.\n\n"));
        if (missing.Count > 0)
        {
            md.Append(Text.F($"Not measured (artifacts missing; run `unit shift`): {string.Join(", ", missing)}.\n\n"));
        }

        md.Append(Verdict()).Append("\n\n");
        md.Append("### Accuracy per shift (Q15 / MPY32)\n\n").Append(Report.MarkdownTable(AccuracyHeaders, AccuracyRows())).Append('\n');
        md.Append("### Averaged over the shifts\n\n").Append(Report.MarkdownTable(AverageHeaders, AverageRows())).Append('\n');
        md.Append(string.Join("\n\n", charts)).Append("\n\n(Every row: `domain-shift.csv`.)\n\n");
        foreach (var shift in Shifts)
        {
            md.Append(Text.F($"### {shift.Name} ({shift.Kind.ToString().ToLowerInvariant()}: {shift.Severity})\n\n")).Append(Report.MarkdownTable(ShiftHeaders, ShiftRows(shift))).Append('\n');
        }

        return md.ToString();
    }
}
