using ScottPlot;

namespace Mnist.Reporting.Charts;

/// <summary>
/// What every chart of the report shares: one size, font and palette, and output as a PNG (to look at) beside an SVG
/// (to zoom), embedded in Markdown as the PNG linking to the SVG. Charts are drawn by ScottPlot, which renders
/// headless through SkiaSharp (its Linux native assets come with the package).
/// </summary>
internal static class Chart
{
    /// <summary>Pixel size of every chart, so the report's figures line up.</summary>
    public const int Width = 960;

    /// <inheritdoc cref="Width"/>
    public const int Height = 560;

    // A sans-serif font Debian and most Linux images ship; where it is missing SkiaSharp falls back to another font.
    private const string Font = "DejaVu Sans";

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>
    /// A chart with the report's style: title, axis labels, and the legend right of the data, or inside it at
    /// <paramref name="legendInside"/> where the data leave that corner empty.
    /// </summary>
    public static Plot Create(string title, string xLabel, string yLabel, Alignment? legendInside = null)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 16;
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legendInside is { } corner)
        {
            plot.ShowLegend(corner);
        }
        else
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }

    /// <summary>The <paramref name="index"/>-th colour of the shared palette (it repeats after ten).</summary>
    public static Color Color(int index) => Palette.GetColor(index);

    /// <summary>Adds a legend entry drawn as a filled swatch (for bars and boxes, which carry no legend text of their own).</summary>
    public static void AddLegendSwatch(Plot plot, string text, Color color) =>
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = text, FillColor = color });

    /// <summary>Writes <c>{name}.png</c> and <c>{name}.svg</c> into <paramref name="directory"/>; returns the Markdown that embeds them.</summary>
    public static string Save(Plot plot, string directory, string name, string altText)
    {
        plot.SavePng(Path.Combine(directory, name + ".png"), Width, Height);
        plot.SaveSvg(Path.Combine(directory, name + ".svg"), Width, Height);
        return $"[![{altText}]({name}.png)]({name}.svg)";
    }
}
