using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

// Per-pixel noise is a few lines of arithmetic on the intensities, simpler by hand than through an image library.

/// <summary>Additive Gaussian noise (a noisy sensor): <c>x + N(0, σ²)</c>, clipped to [0, 1]. The background becomes noise too.</summary>
internal sealed class GaussianNoiseShift(double sigma) : DigitShift(
    "gaussian-noise", ShiftKind.Noise, 1, FormattableString.Invariant($"x + N(0, {sigma}²) per pixel (x in [0, 1]), clipped"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random) =>
        DigitImage.Map(digit, shifted, x => x + (sigma * DigitImage.Normal(random)));
}

/// <summary>Shot (photon) noise: <c>Poisson(λ·x)/λ</c>. Only lit pixels are disturbed; the background stays exactly 0.</summary>
internal sealed class ShotNoiseShift(double photons) : DigitShift(
    "shot-noise", ShiftKind.Noise, 2, FormattableString.Invariant($"Poisson({photons}·x)/{photons} per pixel (x in [0, 1]), clipped"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random) =>
        DigitImage.Map(digit, shifted, x => DigitImage.Poisson(photons * x, random) / photons);
}

/// <summary>Impulse (salt-and-pepper) noise: a share of the pixels set to black or white with equal odds.</summary>
internal sealed class ImpulseNoiseShift(double share) : DigitShift(
    "impulse-noise", ShiftKind.Noise, 3, FormattableString.Invariant($"{share:P0} of the pixels set to 0 or 1 with equal odds"))
{
    internal override void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random)
    {
        for (var i = 0; i < digit.Length; i++)
        {
            // Both draws are made for every pixel, so each pixel's fate uses the same positions of the stream.
            var hit = random.NextDouble() < share;
            var white = random.NextInt(2) == 1;
            shifted[i] = hit ? (white ? (byte)255 : (byte)0) : digit[i];
        }
    }
}
