using System.Globalization;
using UnIT.Collections;

namespace UnIT.Model;

/// <summary>
/// The shape of one activation tensor for a batch of one, row-major: <c>[C, H, W]</c> for 2-D feature maps,
/// <c>[C, L]</c> for 1-D sequences, <c>[N]</c> for flat vectors (PyTorch's NCHW / NCL without the batch axis).
/// </summary>
public sealed record TensorShape(ImmutableEquatableArray<int> Dimensions)
{
    /// <summary>Creates a shape from its dimensions.</summary>
    public static TensorShape Of(params int[] dimensions) => new(dimensions.ToImmutableEquatableArray());

    /// <summary>Number of axes.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>Number of elements.</summary>
    public int ElementCount
    {
        get
        {
            var count = 1L;
            foreach (var d in Dimensions)
            {
                count *= d;
            }

            return count > int.MaxValue ? throw new OverflowException($"Shape {this} has more than {int.MaxValue} elements.") : (int)count;
        }
    }

    /// <summary>Axis <paramref name="axis"/>.</summary>
    public int this[int axis] => Dimensions[axis];

    /// <summary>
    /// Parses <c>"1x28x28"</c> (also accepted: commas or spaces between numbers, optional brackets).
    /// </summary>
    public static bool TryParse(string? text, out TensorShape? shape, out string? problem)
    {
        shape = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no shape is given; write it like \"1x28x28\" (channels x height x width), \"3x128\" (channels x length) or \"64\" (a vector)";
            return false;
        }

        var parts = text!.Trim().TrimStart('[', '(').TrimEnd(']', ')')
            .Split(new[] { 'x', 'X', ',', ' ', '×' }, StringSplitOptions.RemoveEmptyEntries);
        var dims = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0)
            {
                problem = $"'{parts[i]}' in \"{text}\" is not a positive whole number; write the shape like \"1x28x28\"";
                return false;
            }
        }

        if (dims.Length is < 1 or > 3)
        {
            problem = $"\"{text}\" has {dims.Length} dimensions; inputs are [N], [C, L] or [C, H, W] (batch of one, no batch axis)";
            return false;
        }

        shape = Of(dims);
        problem = null;
        return true;
    }

    /// <summary>Formats as <c>1x28x28</c>.</summary>
    public override string ToString() => string.Join("x", Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
