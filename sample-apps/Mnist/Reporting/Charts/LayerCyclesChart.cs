using Mnist.Evaluation;
using UnIT.Costs;

namespace Mnist.Reporting.Charts;

/// <summary>One bar of <see cref="LayerCyclesChart"/>: a network, its run, and the text under the bar.</summary>
internal sealed record LayerCyclesBar(string Label, CompiledNetwork Network, TestRun Run);

/// <summary>
/// Cycles per inference as stacked bars, one segment per conv/dense layer plus one for every other layer, so a bar's
/// height is the network's total and each segment shows which layer UnIT made cheaper. Bars come in groups (e.g. a
/// model alone and with UnIT), with a gap between groups.
/// </summary>
internal static class LayerCyclesChart
{
    private const string OtherLayers = "other layers (pool, ReLU, ...)";

    /// <summary>Draws the groups of bars; returns the Markdown that embeds the chart.</summary>
    public static string Save(IReadOnlyList<IReadOnlyList<LayerCyclesBar>> groups, string title, string directory, string name)
    {
        var plot = Chart.Create(title, string.Empty, "cycles per inference (millions)");
        var segments = groups.SelectMany(g => g).SelectMany(b => b.Network.Layout.Layers.Where(l => l.DenseMacs > 0).Select(l => l.Label)).Distinct().Append(OtherLayers).ToArray();
        var positions = new List<double>();
        var labels = new List<string>();
        var position = 0.0;
        foreach (var group in groups)
        {
            foreach (var bar in group)
            {
                var profile = CostProfile.For(bar.Network.Profile);
                var inferences = (double)bar.Run.Ledger.Inferences;
                var cycles = new double[segments.Length];
                for (var i = 0; i < bar.Network.Layout.Layers.Count; i++)
                {
                    var layer = bar.Network.Layout.Layers[i];
                    var segment = layer.DenseMacs > 0 ? Array.IndexOf(segments, layer.Label) : segments.Length - 1;
                    cycles[segment] += profile.Cycles(bar.Run.Ledger.Layers[i]) / inferences / 1e6;
                }

                var bottom = 0.0;
                for (var s = 0; s < segments.Length; s++)
                {
                    plot.Add.Bar(new ScottPlot.Bar { Position = position, ValueBase = bottom, Value = bottom + cycles[s], FillColor = Chart.Color(s), Size = 0.8 });
                    bottom += cycles[s];
                }

                var total = plot.Add.Text(Text.F($"{bottom:0.00} M"), position, bottom);
                total.LabelAlignment = ScottPlot.Alignment.LowerCenter;
                total.LabelFontSize = 11;
                positions.Add(position);
                labels.Add(bar.Label);
                position += 1;
            }

            position += 0.6;
        }

        for (var s = 0; s < segments.Length; s++)
        {
            Chart.AddLegendSwatch(plot, segments[s], Chart.Color(s));
        }

        plot.Axes.Bottom.SetTicks([.. positions], [.. labels]);
        plot.Axes.Margins(bottom: 0, top: 0.12);
        return Chart.Save(plot, directory, name, title);
    }
}
