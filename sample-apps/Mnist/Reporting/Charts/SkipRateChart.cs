using Mnist.Evaluation;

namespace Mnist.Reporting.Charts;

/// <summary>One series of <see cref="SkipRateChart"/>: a network, its run, and its legend text.</summary>
internal sealed record SkipRateSeries(string Label, CompiledNetwork Network, TestRun Run);

/// <summary>
/// How the share of a layer's dense MACs skipped varies over the test digits: per conv/dense layer, one box per
/// network (quartiles and median; whiskers at the 5th and 95th percentiles). The report's tables give only the mean.
/// </summary>
internal static class SkipRateChart
{
    /// <summary>Draws the boxes; returns the Markdown that embeds the chart.</summary>
    public static string Save(IReadOnlyList<SkipRateSeries> series, string title, string directory, string name)
    {
        var plot = Chart.Create(title, "layer", "dense MACs skipped on one digit (%)");
        var layers = series[0].Network.Layout.Layers.Select((l, i) => (l.Label, l.DenseMacs, Index: i)).Where(l => l.DenseMacs > 0).ToArray();
        var width = 0.8 / series.Count;
        for (var s = 0; s < series.Count; s++)
        {
            var color = Chart.Color(s);
            var boxes = new List<ScottPlot.Box>();
            for (var l = 0; l < layers.Length; l++)
            {
                var layer = Array.FindIndex([.. series[s].Network.Layout.Layers], d => d.Label == layers[l].Label);
                var dense = series[s].Network.Layout.Layers[layer].DenseMacs;
                var rates = series[s].Run.LayerMacsPerDigit.Select(d => 100 * (1 - ((double)d[layer] / dense))).Order().ToArray();
                var box = new ScottPlot.Box
                {
                    Position = l - 0.4 + ((s + 0.5) * width),
                    Width = width * 0.85,
                    WhiskerMin = Percentile(rates, 0.05),
                    BoxMin = Percentile(rates, 0.25),
                    BoxMiddle = Percentile(rates, 0.5),
                    BoxMax = Percentile(rates, 0.75),
                    WhiskerMax = Percentile(rates, 0.95),
                };
                box.FillStyle.Color = color.WithAlpha(0.6);
                boxes.Add(box);
            }

            plot.Add.Boxes(boxes);
            Chart.AddLegendSwatch(plot, series[s].Label, color);
        }

        plot.Axes.Bottom.SetTicks([.. layers.Select((_, i) => (double)i)], [.. layers.Select(l => l.Label)]);
        return Chart.Save(plot, directory, name, title);
    }

    /// <summary>Linear interpolation between the two nearest ranks of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        var rank = fraction * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
