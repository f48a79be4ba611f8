using UnIT.Model;

namespace UnIT.Training.Data;

/// <summary>
/// Training-time augmentation by translation: moves a sample by whole pixels, repeating the edge pixels into the
/// uncovered border (the edges of a centred digit are background, so the result looks like a shifted digit).
/// </summary>
internal static class Translation
{
    /// <summary>
    /// Writes <paramref name="sample"/> moved down by <paramref name="dy"/> and right by <paramref name="dx"/> pixels:
    /// <c>out[c, y, x] = in[c, clamp(y − dy), clamp(x − dx)]</c>. <c>[C, L]</c> samples move along <c>L</c> by
    /// <paramref name="dx"/>; flat samples are copied unchanged.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> sample, TensorShape shape, int dy, int dx, Span<float> destination)
    {
        if (shape.Rank == 1 || (dy == 0 && dx == 0))
        {
            sample.CopyTo(destination);
            return;
        }

        var (channels, height, width) = shape.Rank == 3 ? (shape[0], shape[1], shape[2]) : (shape[0], 1, shape[1]);
        if (shape.Rank == 2)
        {
            dy = 0;
        }

        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var sourceRow = sample.Slice(((c * height) + Math.Clamp(y - dy, 0, height - 1)) * width, width);
                var row = destination.Slice(((c * height) + y) * width, width);
                for (var x = 0; x < width; x++)
                {
                    row[x] = sourceRow[Math.Clamp(x - dx, 0, width - 1)];
                }
            }
        }
    }
}
