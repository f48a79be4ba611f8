using Mnist.Evaluation;
using ScottPlot;

namespace Mnist.Reporting.Charts;

/// <summary>
/// Accuracy against cycles per inference for every network of one profile (each calibrated UnIT setting and each model
/// alone), with the Pareto front: the networks no other network beats on both cycles and accuracy, labelled by name.
/// </summary>
internal static class ParetoChart
{
    /// <summary>Draws the networks and their front; returns the Markdown that embeds the chart.</summary>
    public static string Save(IReadOnlyList<(CompiledNetwork Network, TestRun Run)> networks, string title, string directory, string name)
    {
        var plot = Chart.Create(title, "cycles per inference (millions)", "accuracy on the test digits (%)");
        for (var m = 0; m < CompiledNetwork.Models.Length; m++)
        {
            foreach (var usesUnit in new[] { false, true })
            {
                var points = networks.Where(n => n.Network.Model == CompiledNetwork.Models[m] && n.Network.UsesUnit == usesUnit).ToArray();
                if (points.Length == 0)
                {
                    continue;
                }

                var scatter = plot.Add.ScatterPoints(points.Select(p => p.Run.Cycles / 1e6).ToArray(), points.Select(p => p.Run.AccuracyPercent).ToArray(), Chart.Color(m));
                scatter.MarkerShape = usesUnit ? MarkerShape.FilledCircle : MarkerShape.FilledSquare;
                scatter.MarkerSize = usesUnit ? 8 : 11;
                scatter.LegendText = CompiledNetwork.Models[m] + (usesUnit ? " + UnIT" : " alone");
            }
        }

        var front = Front(networks);
        var line = plot.Add.Scatter(front.Select(p => p.Run.Cycles / 1e6).ToArray(), front.Select(p => p.Run.AccuracyPercent).ToArray(), Colors.Gray);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerSize = 0;
        line.LegendText = "Pareto front";
        foreach (var (network, run) in front)
        {
            var label = plot.Add.Text(network.Name.Replace("Mnist", string.Empty, StringComparison.Ordinal), run.Cycles / 1e6, run.AccuracyPercent);
            label.LabelFontSize = 10;
            label.LabelAlignment = Alignment.UpperLeft;
            label.OffsetX = 5;
            label.OffsetY = 3;
        }

        plot.Axes.Margins(left: 0.05, right: 0.25, bottom: 0.08, top: 0.08); // room for the front's labels
        return Chart.Save(plot, directory, name, title);
    }

    /// <summary>The networks that no other network matches or beats on accuracy with fewer cycles, cheapest first.</summary>
    internal static IReadOnlyList<(CompiledNetwork Network, TestRun Run)> Front(IEnumerable<(CompiledNetwork Network, TestRun Run)> networks)
    {
        var front = new List<(CompiledNetwork, TestRun)>();
        var best = double.NegativeInfinity;
        foreach (var point in networks.OrderBy(p => p.Run.Cycles).ThenByDescending(p => p.Run.AccuracyPercent))
        {
            if (point.Run.AccuracyPercent > best)
            {
                front.Add(point);
                best = point.Run.AccuracyPercent;
            }
        }

        return front;
    }
}
