namespace Mnist.Reporting.Charts;

/// <summary>The threshold sweep: accuracy against the MACs or cycles saved, one line per swept series, each point labelled with its T.</summary>
internal static class SweepChart
{
    /// <summary>Accuracy against MACs saved relative to the dense network; returns the Markdown that embeds the chart.</summary>
    public static string SaveMacs(IReadOnlyList<Sweep> sweeps, int digits, string directory) =>
        Save(sweeps, directory, "sweep-macs", Text.F($"T sweep: accuracy vs MAC reduction ({digits:N0} test digits)"), "fewer MACs than the dense network (%)",
            (_, run) => 100 * (1 - (run.Macs / run.Report.Total.DenseMacs)));

    /// <summary>Accuracy against cycles saved relative to the model alone; returns the Markdown that embeds the chart.</summary>
    public static string SaveCycles(IReadOnlyList<Sweep> sweeps, int digits, string directory) =>
        Save(sweeps, directory, "sweep-cycles", Text.F($"T sweep: accuracy vs cycle reduction, Bucketed ({digits:N0} test digits)"), "fewer cycles than the model alone (%)",
            (sweep, run) => 100 * (1 - (run.Cycles / sweep.Baseline.Cycles)));

    private static string Save(IReadOnlyList<Sweep> sweeps, string directory, string name, string title, string xLabel, Func<Sweep, Evaluation.TestRun, double> saving)
    {
        // The legend goes inside: accuracy falls off at the right, so the lower left stays empty.
        var plot = Chart.Create(title, xLabel, "accuracy (%)", ScottPlot.Alignment.LowerLeft);
        plot.Axes.Margins(left: 0.03, right: 0.1, bottom: 0.05, top: 0.08); // room for the T labels
        for (var s = 0; s < sweeps.Count; s++)
        {
            var sweep = sweeps[s];
            var color = Chart.Color(s);
            var xs = sweep.Points.Select(p => saving(sweep, p.Run)).ToArray();
            var ys = sweep.Points.Select(p => p.Run.AccuracyPercent).ToArray();
            var line = plot.Add.Scatter(xs, ys, color);
            line.LegendText = sweep.Series;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            for (var i = 0; i < xs.Length; i++)
            {
                var label = plot.Add.Text(Text.F($"T={sweep.Points[i].Threshold:0.###}"), xs[i], ys[i]);
                label.LabelFontSize = 11;
                label.LabelFontColor = color;
                label.LabelAlignment = ScottPlot.Alignment.LowerLeft;
                label.OffsetX = 4;
                label.OffsetY = -4;
            }
        }

        return Chart.Save(plot, directory, name, title);
    }
}
