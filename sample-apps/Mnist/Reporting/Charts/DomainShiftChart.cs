using Mnist.Evaluation;
using ScottPlot;
using UnIT.Calibration.DomainShift;

namespace Mnist.Reporting.Charts;

/// <summary>
/// Accuracy against mean emulated cycles per inference under domain shift: one marker per (method, shift), one colour
/// and shape per method, one chart per profile (ScottPlot, written as PNG and SVG).
/// </summary>
internal static class DomainShiftChart
{
    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    /// <summary>
    /// Writes <c>&lt;stem&gt;.png</c> and <c>&lt;stem&gt;.svg</c> in <paramref name="directory"/> for
    /// <paramref name="profile"/>, in the report's chart style; returns the Markdown that embeds them.
    /// </summary>
    public static string Write(string directory, string stem, ShiftProfile profile, IReadOnlyList<ShiftResult> results, int digits)
    {
        var shifts = results.Where(r => r.Shift is not null).Select(r => r.Shift).Distinct().Count();
        var plot = Chart.Create(
            Text.F($"Domain shift, {profile.Label}: accuracy vs cycles ({digits:N0} shifted test digits per shift, {shifts} shifts)"),
            "emulated cycles per inference (mean)", "accuracy (%)", Alignment.LowerLeft);
        foreach (var (method, index) in ShiftMethods.All.Select((m, i) => (m, i)))
        {
            var points = results.Where(r => r.Shift is not null && r.Method == method && r.Profile == profile).ToArray();
            var scatter = plot.Add.ScatterPoints(points.Select(p => p.Measurement.Cycles).ToArray(), points.Select(p => p.Measurement.AccuracyPercent).ToArray());
            scatter.LegendText = method.Label();
            scatter.MarkerShape = Shapes[index];
            scatter.MarkerSize = 9;
            scatter.Color = Chart.Color(index);
        }

        return Chart.Save(plot, directory, stem, $"Domain shift, {profile.Label}: accuracy vs cycles");
    }
}
