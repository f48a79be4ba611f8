using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

/// <summary>
/// An affine warp about the image centre, resampled bilinearly by ImageSharp (which does the inverse mapping, the
/// interpolation and the bounds; by hand that is the error-prone part). Rotation, shear and scale differ only in the matrix.
/// </summary>
internal sealed class AffineShift(string name, int stream, string severity, Func<SeededRandom, Matrix3x2> matrix)
    : DigitShift(name, ShiftKind.Geometry, stream, severity)
{
    /// <summary>Rotation by <paramref name="degrees"/>, clockwise or counter-clockwise with equal odds.</summary>
    public static AffineShift Rotation(double degrees) => new(
        "rotation", 4, FormattableString.Invariant($"rotated by ±{degrees}° (sign random per digit) about the centre, bilinear"),
        random => Matrix3x2.CreateRotation((float)(DigitImage.Sign(random) * degrees * Math.PI / 180), DigitImage.Centre));

    /// <summary>Horizontal shear <c>x' = x + s·(y − centre)</c> with <c>s = ±factor</c>.</summary>
    public static AffineShift Shear(double factor) => new(
        "shear", 5, FormattableString.Invariant($"horizontal shear x + s·(y − 14), s = ±{factor} (sign random per digit), bilinear"),
        random => Shearing((float)(DigitImage.Sign(random) * factor)));

    /// <summary>Uniform scaling by <paramref name="factor"/> about the centre (below 1: the digit shrinks).</summary>
    public static AffineShift Scale(double factor) => new(
        "scale", 6, FormattableString.Invariant($"scaled by {factor} about the centre, bilinear"),
        _ => Matrix3x2.CreateScale((float)factor, DigitImage.Centre));

    /// <summary>The horizontal shear matrix about the centre row.</summary>
    internal static Matrix3x2 Shearing(float factor) => new(1, 0, factor, 1, -factor * DigitImage.Centre.Y, 0);

    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random)
    {
        var transform = matrix(random);
        DigitImage.Mutate(digit, shifted, image => Warp(image, transform));
    }

    /// <summary>Applies <paramref name="transform"/> (source → destination pixel coordinates) on the same 28×28 canvas.</summary>
    internal static void Warp(IImageProcessingContext image, Matrix3x2 transform) =>
        image.Transform(new Rectangle(0, 0, DigitImage.Side, DigitImage.Side), transform, new Size(DigitImage.Side, DigitImage.Side), KnownResamplers.Triangle);
}

/// <summary>
/// Translation by whole pixels with the uncovered border filled with background. By hand: an integer move is a copy
/// with an offset and needs no resampling.
/// </summary>
internal sealed class TranslationShift(int pixels) : DigitShift(
    "translation", ShiftKind.Geometry, 7, FormattableString.Invariant($"moved by ±{pixels} px horizontally and ±{pixels} px vertically (signs random per digit)"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random)
    {
        var dx = DigitImage.Sign(random) * pixels;
        var dy = DigitImage.Sign(random) * pixels;
        Move(digit, shifted, dx, dy);
    }

    /// <summary><c>out[y, x] = in[y − dy, x − dx]</c>, 0 where that is outside the image.</summary>
    internal static void Move(ReadOnlySpan<byte> digit, Span<byte> shifted, int dx, int dy)
    {
        for (var y = 0; y < DigitImage.Side; y++)
        {
            for (var x = 0; x < DigitImage.Side; x++)
            {
                int sy = y - dy, sx = x - dx;
                shifted[(y * DigitImage.Side) + x] = sy is >= 0 and < DigitImage.Side && sx is >= 0 and < DigitImage.Side ? digit[(sy * DigitImage.Side) + sx] : (byte)0;
            }
        }
    }
}
