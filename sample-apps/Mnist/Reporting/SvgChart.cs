using System.Globalization;
using System.Net;
using System.Text;

namespace Mnist.Reporting;

/// <summary>One series of a chart: points joined in order, with a marker on each.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">(x, y) values.</param>
/// <param name="Labels">Optional text next to each point (e.g. the threshold factor).</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, IReadOnlyList<string>? Labels = null);

/// <summary>
/// A minimal SVG line/scatter chart writer: axes with "nice" ticks, grid, series with markers, point labels and a
/// legend. Written here because the usual .NET plotting libraries (ScottPlot, OxyPlot) are not available to this
/// repository, and a report needs only this much.
/// </summary>
internal static class SvgChart
{
    private const double Width = 760;
    private const double Height = 480;
    private const double Left = 70;
    private const double Right = 200;
    private const double Top = 50;
    private const double Bottom = 60;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

    /// <summary>Renders a chart as a standalone SVG document.</summary>
    public static string Line(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        var (xMin, xMax, xStep) = NiceRange(points.Min(p => p.X), points.Max(p => p.X));
        var (yMin, yMax, yStep) = NiceRange(points.Min(p => p.Y), points.Max(p => p.Y));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double x) => Left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight);

        var svg = new StringBuilder();
        svg.Append(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(F($"<text x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n"));

        for (var x = xMin; x <= xMax + (xStep / 2); x += xStep)
        {
            svg.Append(F($"<line x1=\"{X(x):0.##}\" y1=\"{Top}\" x2=\"{X(x):0.##}\" y2=\"{Top + plotHeight}\" stroke=\"#e6e6e6\"/>\n"));
            svg.Append(F($"<text x=\"{X(x):0.##}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{Tick(x, xStep)}</text>\n"));
        }

        for (var y = yMin; y <= yMax + (yStep / 2); y += yStep)
        {
            svg.Append(F($"<line x1=\"{Left}\" y1=\"{Y(y):0.##}\" x2=\"{Left + plotWidth}\" y2=\"{Y(y):0.##}\" stroke=\"#e6e6e6\"/>\n"));
            svg.Append(F($"<text x=\"{Left - 8}\" y=\"{Y(y) + 4:0.##}\" text-anchor=\"end\">{Tick(y, yStep)}</text>\n"));
        }

        svg.Append(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(F($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 18}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
        svg.Append(F($"<text x=\"18\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {Top + (plotHeight / 2)})\">{Escape(yLabel)}</text>\n"));

        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            var line = series[s].Points;
            svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\" points=\"")
                .Append(string.Join(" ", line.Select(p => F($"{X(p.X):0.##},{Y(p.Y):0.##}")))).Append("\"/>\n");
            for (var i = 0; i < line.Count; i++)
            {
                svg.Append(F($"<circle cx=\"{X(line[i].X):0.##}\" cy=\"{Y(line[i].Y):0.##}\" r=\"3.5\" fill=\"{color}\"/>\n"));
                if (series[s].Labels is { } labels && i < labels.Count && labels[i].Length > 0)
                {
                    svg.Append(F($"<text x=\"{X(line[i].X) + 5:0.##}\" y=\"{Y(line[i].Y) - 6:0.##}\" font-size=\"10\" fill=\"{color}\">{Escape(labels[i])}</text>\n"));
                }
            }

            var legendY = Top + 10 + (s * 20);
            svg.Append(F($"<line x1=\"{Width - Right + 15}\" y1=\"{legendY}\" x2=\"{Width - Right + 40}\" y2=\"{legendY}\" stroke=\"{color}\" stroke-width=\"2\"/>\n"));
            svg.Append(F($"<text x=\"{Width - Right + 46}\" y=\"{legendY + 4}\">{Escape(series[s].Name)}</text>\n"));
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Axis limits and a tick step of 1, 2 or 5 × 10^k giving about six ticks.</summary>
    internal static (double Min, double Max, double Step) NiceRange(double min, double max)
    {
        if (max - min < 1e-12)
        {
            (min, max) = (min - 1, max + 1);
        }

        var raw = (max - min) / 6;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string Tick(double value, double step)
    {
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step)));
        return Math.Round(value, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
