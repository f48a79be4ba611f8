using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using UnIT.NumPy;
using UnIT.Text;

namespace UnIT.Cli;

/// <summary><c>unit inspect</c>.</summary>
internal static class InspectCommand
{
    public static readonly Argument<FileInfo> File = new("file")
    {
        Description = "A .npz, .npy or .onnx weight file (an ONNX model shows its initializers under their layer names).",
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("inspect", """
            Print a weight file's tensors: name, dtype, shape, element count, value range, largest magnitude and sparsity
            (share of exact zeros), and the totals.

            Example:
              unit inspect mnist-pruned.npz
            """);
        command.Arguments.Add(File);
        command.SetAction(result =>
        {
            var file = WeightFile.Load(result.GetValue(File)!.FullName);
            Write(console, file);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the tensor table of <paramref name="file"/>.</summary>
    public static void Write(IAnsiConsole console, WeightFile file)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(Excerpt.Of(file.FileName))) }
            .AddColumns("tensor", "dtype", "shape", "elements", "min", "max", "max |x|", "zeros");
        foreach (var column in table.Columns)
        {
            column.NoWrap();
        }

        foreach (var column in table.Columns.Skip(3))
        {
            column.RightAligned();
        }

        long elements = 0, zeros = 0;
        foreach (var tensor in file.Tensors)
        {
            var values = tensor.ToDoubleArray();
            var tensorZeros = values.Count(v => v == 0);
            elements += values.Length;
            zeros += tensorZeros;
            var (min, max, maxAbs) = Range(values);
            table.AddRow(
                Markup.Escape(Excerpt.Of(tensor.Name)),
                Markup.Escape(tensor.DType.ToString()),
                Markup.Escape(Excerpt.Of("[" + string.Join(", ", tensor.Shape) + "]")),
                values.Length.ToString("N0", CultureInfo.InvariantCulture),
                values.Length == 0 ? string.Empty : min.ToString("G6", CultureInfo.InvariantCulture),
                values.Length == 0 ? string.Empty : max.ToString("G6", CultureInfo.InvariantCulture),
                values.Length == 0 ? string.Empty : maxAbs.ToString("G6", CultureInfo.InvariantCulture),
                values.Length == 0 ? string.Empty : TrainCommand.Invariant($"{(double)tensorZeros / values.Length:P1}"));
        }

        console.Write(table);
        console.MarkupLine(TrainCommand.Invariant($"{file.Tensors.Count} tensors, {elements:N0} values, {zeros:N0} exact zeros ({(elements == 0 ? 0 : (double)zeros / elements):P1})."));
    }

    /// <summary>Minimum, maximum and largest magnitude as NumPy's <c>min()</c>/<c>max()</c> report them: NaN in all three if any value is NaN.</summary>
    private static (double Min, double Max, double MaxAbs) Range(double[] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return (double.NaN, double.NaN, double.NaN);
            }

            (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }

        return (min, max, Math.Max(Math.Abs(min), Math.Abs(max)));
    }
}
