using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

/// <summary>What every shift shares: the digit's size, grey levels as [0, 1] intensities, random draws, ImageSharp.</summary>
internal static class DigitImage
{
    /// <summary>Pixels per side.</summary>
    public const int Side = 28;

    /// <summary>Pixels per digit.</summary>
    public const int Size = Side * Side;

    /// <summary>The image centre in ImageSharp's pixel coordinates (pixel x covers [x, x+1)).</summary>
    public static readonly System.Numerics.Vector2 Centre = new(Side / 2f, Side / 2f);

    /// <summary>Grey level → intensity in [0, 1].</summary>
    public static double Intensity(byte level) => level / 255.0;

    /// <summary>Intensity → grey level: clipped to [0, 1] and rounded, as MNIST-C stores its digits (uint8).</summary>
    public static byte Level(double intensity) => (byte)Math.Round(Math.Clamp(intensity, 0, 1) * 255, MidpointRounding.ToEven);

    /// <summary>
    /// Writes <c>level(f(intensity))</c> for every pixel, in pixel order (so a <paramref name="map"/> that draws random
    /// numbers draws them in a fixed order).
    /// </summary>
    public static void Map(ReadOnlySpan<byte> digit, Span<byte> shifted, Func<double, double> map)
    {
        for (var i = 0; i < digit.Length; i++)
        {
            shifted[i] = Level(map(Intensity(digit[i])));
        }
    }

    /// <summary>A standard normal draw (Box–Muller on two uniforms; 1 − u keeps the logarithm finite).</summary>
    public static double Normal(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A Poisson draw (Knuth's product of uniforms: exact, and fast for the small means used here).</summary>
    public static int Poisson(double mean, SeededRandom random)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }

    /// <summary>+1 or −1 with equal odds.</summary>
    public static int Sign(SeededRandom random) => random.NextInt(2) == 0 ? -1 : 1;

    /// <summary>
    /// Runs an ImageSharp operation on the digit as an 8-bit grey image (L8; pixels outside the source read as 0, the
    /// background) and copies the result back.
    /// </summary>
    public static void Mutate(ReadOnlySpan<byte> digit, Span<byte> shifted, Action<IImageProcessingContext> operation)
    {
        using var image = Image.LoadPixelData<L8>(digit, Side, Side);
        image.Mutate(operation);
        image.CopyPixelDataTo(shifted);
    }
}
