using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

// Brightness and contrast are one line of arithmetic per pixel (by hand); blur and the fog field's smooth
// interpolation are resampling filters, which ImageSharp implements and tests.

/// <summary>Brighter exposure: <c>x + b</c>, clipped. The background is no longer 0, which is what UnIT's skipping feeds on.</summary>
internal sealed class BrightnessShift(double offset) : DigitShift(
    "brightness", ShiftKind.Photometry, 8, FormattableString.Invariant($"x + {offset} (x in [0, 1]), clipped"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random) =>
        DigitImage.Map(digit, shifted, x => x + offset);
}

/// <summary>Lower contrast: <c>(x − m)·c + m</c> with <c>m</c> the digit's mean intensity.</summary>
internal sealed class ContrastShift(double factor) : DigitShift(
    "contrast", ShiftKind.Photometry, 9, FormattableString.Invariant($"(x − mean)·{factor} + mean (x in [0, 1])"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random)
    {
        var mean = 0.0;
        foreach (var level in digit)
        {
            mean += DigitImage.Intensity(level);
        }

        mean /= digit.Length;
        DigitImage.Map(digit, shifted, x => ((x - mean) * factor) + mean);
    }
}

/// <summary>
/// Fog: a smooth random haze <c>f</c> in [0, 1] added and the range kept, <c>(x + a·f) / (1 + a)</c> (MNIST-C's fog
/// adds a plasma fractal the same way). The haze is a 4×4 grid of uniform values, bicubically enlarged to 28×28 by ImageSharp.
/// </summary>
internal sealed class FogShift(double strength) : DigitShift(
    "fog", ShiftKind.Photometry, 10, FormattableString.Invariant($"(x + {strength}·f)/(1 + {strength}), f a smooth random haze in [0, 1] (4×4 uniform grid, bicubic)"))
{
    private const int Grid = 4;

    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random)
    {
        // 16-bit grey keeps the interpolated haze finer than the 8-bit result it is added to.
        var cells = new L16[Grid * Grid];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = new L16((ushort)random.NextInt(ushort.MaxValue + 1));
        }

        using var haze = Image.LoadPixelData<L16>(cells, Grid, Grid);
        haze.Mutate(image => image.Resize(DigitImage.Side, DigitImage.Side, KnownResamplers.Bicubic));
        var field = new L16[DigitImage.Size];
        haze.CopyPixelDataTo(field);
        for (var i = 0; i < digit.Length; i++)
        {
            var f = field[i].PackedValue / (double)ushort.MaxValue;
            shifted[i] = DigitImage.Level((DigitImage.Intensity(digit[i]) + (strength * f)) / (1 + strength));
        }
    }
}

/// <summary>Defocus: a Gaussian blur of standard deviation σ pixels (ImageSharp's separable kernel).</summary>
internal sealed class BlurShift(float sigma) : DigitShift(
    "blur", ShiftKind.Photometry, 11, FormattableString.Invariant($"Gaussian blur, σ = {sigma} px"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random) =>
        DigitImage.Mutate(digit, shifted, image => image.GaussianBlur(sigma));
}
