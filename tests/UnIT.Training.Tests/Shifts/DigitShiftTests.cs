using System.Numerics;
using UnIT.Training.Data;
using UnIT.Training.Data.Shifts;
using UnIT.Training.Numerics;

namespace UnIT.Training.Tests.Shifts;

public sealed class DigitShiftTests
{
    private const int Side = 28;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var shift in MnistShifts.All)
        {
            names.Add(shift.Name);
        }

        return names;
    }

    [Fact]
    public void The_catalogue_covers_noise_geometry_and_photometry_with_distinct_names_and_streams()
    {
        Assert.True(MnistShifts.All.Count >= 6);
        Assert.All(Enum.GetValues<ShiftKind>(), kind => Assert.Contains(MnistShifts.All, s => s.Kind == kind));
        Assert.Equal(MnistShifts.All.Count, MnistShifts.All.Select(s => s.Name).Distinct().Count());
        Assert.Equal(MnistShifts.All.Count, MnistShifts.All.Select(s => s.Stream).Distinct().Count());
        Assert.All(MnistShifts.All, s => Assert.False(string.IsNullOrWhiteSpace(s.Severity)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_shifted_set_is_deterministic_and_independent_of_the_range_it_is_made_in(string name)
    {
        var shift = MnistShifts.Named(name);
        var whole = ShiftedMnist.Create(shift, MnistSplit.Test, 0, 12, MnistPixels.UnitInterval);
        var again = ShiftedMnist.Create(shift, MnistSplit.Test, 0, 12, MnistPixels.UnitInterval);
        var part = ShiftedMnist.Create(shift, MnistSplit.Test, 5, 7, MnistPixels.UnitInterval);

        Assert.Equal(whole.Data.Sample(3).ToArray(), again.Data.Sample(3).ToArray());
        for (var i = 0; i < part.Count; i++)
        {
            Assert.Equal(whole.Data.Sample(5 + i).ToArray(), part.Data.Sample(i).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_shifted_set_keeps_shape_labels_and_range_and_changes_the_digits(string name)
    {
        var shift = MnistShifts.Named(name);
        var clean = MnistDataset.Load(pixels: MnistPixels.UnitInterval);
        var shifted = ShiftedMnist.Create(shift, MnistSplit.Train, 100, 20, MnistPixels.UnitInterval);

        Assert.Equal(MnistSplit.Train, shifted.Split);
        Assert.Equal(20, shifted.Count);
        Assert.Equal(MnistDataset.ImageShape, shifted.Data.SampleShape);
        Assert.Equal(clean.Train.Slice(100, 20).Labels.ToArray(), shifted.Data.Labels.ToArray());
        var changed = 0;
        for (var i = 0; i < shifted.Count; i++)
        {
            Assert.All(shifted.Data.Sample(i).ToArray(), v => Assert.InRange(v, 0f, 1f));
            changed += shifted.Data.Sample(i).SequenceEqual(clean.Train.Sample(100 + i)) ? 0 : 1;
        }

        Assert.True(changed >= 18, $"{name} changed only {changed} of 20 digits");
    }

    [Fact]
    public void Train_and_test_digits_draw_from_different_streams()
    {
        var shift = MnistShifts.Named("gaussian-noise");
        var train = ShiftedMnist.Create(shift, MnistSplit.Train, 0, 1, MnistPixels.UnitInterval).Data.Sample(0).ToArray();
        var test = ShiftedMnist.Create(shift, MnistSplit.Test, 0, 1, MnistPixels.UnitInterval).Data.Sample(0).ToArray();
        var clean = MnistDataset.Load(pixels: MnistPixels.UnitInterval);
        var trainNoise = train.Zip(clean.Train.Sample(0).ToArray(), (a, b) => a - b).ToArray();
        var testNoise = test.Zip(clean.Test.Sample(0).ToArray(), (a, b) => a - b).ToArray();
        Assert.NotEqual(trainNoise, testNoise);
    }

    [Fact]
    public void Gaussian_noise_has_the_stated_spread_on_a_mid_grey_image()
    {
        var (mean, deviation) = Statistics(Shifted(new GaussianNoiseShift(0.1), Filled(128)));
        Assert.InRange(mean, 125, 131);
        Assert.InRange(deviation, 0.1 * 255 * 0.9, 0.1 * 255 * 1.1);
    }

    [Fact]
    public void Shot_noise_keeps_black_black_and_mid_grey_on_average()
    {
        Assert.All(Shifted(new ShotNoiseShift(10), Filled(0)), level => Assert.Equal(0, level));
        var (mean, deviation) = Statistics(Shifted(new ShotNoiseShift(10), Filled(128)));
        Assert.InRange(mean, 120, 136);
        Assert.InRange(deviation, 255 * Math.Sqrt(0.5 / 10) * 0.85, 255 * Math.Sqrt(0.5 / 10) * 1.15);
    }

    [Fact]
    public void Impulse_noise_sets_about_the_stated_share_to_black_or_white()
    {
        var shifted = Shifted(new ImpulseNoiseShift(0.1), Filled(128));
        var black = shifted.Count(l => l == 0);
        var white = shifted.Count(l => l == 255);
        Assert.Equal(Side * Side, black + white + shifted.Count(l => l == 128));
        Assert.InRange(black + white, 50, 110);
        Assert.True(black > 15 && white > 15);
    }

    [Fact]
    public void A_quarter_turn_moves_a_pixel_to_where_the_rotation_about_the_centre_puts_it()
    {
        // ImageSharp's pixel (x, y) sits at coordinate (x, y); the centre is (14, 14): (20, 14) turns to (14, 20).
        var image = Filled(0);
        image[(14 * Side) + 20] = 255;
        var rotated = new byte[Side * Side];
        Data.Shifts.DigitImage.Mutate(image, rotated, i => AffineShift.Warp(i, Matrix3x2.CreateRotation(MathF.PI / 2, new Vector2(14, 14))));
        Assert.Equal(255, rotated[(20 * Side) + 14]);
        Assert.Equal(255, rotated.Sum(l => l));
    }

    [Fact]
    public void A_unit_shear_moves_a_pixel_right_by_its_distance_below_the_centre_row()
    {
        var image = Filled(0);
        image[(24 * Side) + 10] = 255;
        var sheared = new byte[Side * Side];
        Data.Shifts.DigitImage.Mutate(image, sheared, i => AffineShift.Warp(i, AffineShift.Shearing(1)));
        Assert.Equal(255, sheared[(24 * Side) + 20]);
        Assert.Equal(255, sheared.Sum(l => l));
    }

    [Fact]
    public void Halving_a_white_image_leaves_a_white_square_in_the_middle_and_black_corners()
    {
        var scaled = Shifted(AffineShift.Scale(0.5), Filled(255));
        Assert.Equal(255, scaled[(14 * Side) + 14]);
        Assert.Equal(255, scaled[(8 * Side) + 8]);
        Assert.Equal(0, scaled[0]);
        Assert.Equal(0, scaled[(27 * Side) + 27]);
        Assert.Equal(0, scaled[(3 * Side) + 14]);
    }

    [Fact]
    public void Translation_moves_a_pixel_by_whole_pixels_and_fills_the_border_with_background()
    {
        var image = Filled(0);
        image[(10 * Side) + 5] = 200;
        image[(0 * Side) + 27] = 99;
        var moved = new byte[Side * Side];
        TranslationShift.Move(image, moved, dx: 4, dy: -4);
        Assert.Equal(200, moved[(6 * Side) + 9]);
        Assert.Equal(200, moved.Sum(l => l)); // the corner pixel left the image
        var shifted = Shifted(new TranslationShift(4), image);
        Assert.Equal(200, shifted.Max());
        Assert.Equal(1, shifted.Count(l => l == 200));
    }

    [Fact]
    public void Brightness_adds_its_offset_and_clips()
    {
        var image = Filled(0);
        image[1] = 200;
        var shifted = Shifted(new BrightnessShift(0.4), image);
        Assert.Equal(102, shifted[0]); // 0.4 · 255
        Assert.Equal(255, shifted[1]);
    }

    [Fact]
    public void Contrast_pulls_every_pixel_towards_the_mean()
    {
        var image = new byte[Side * Side];
        for (var i = 0; i < image.Length; i += 2)
        {
            image[i] = 255; // half white: mean intensity 0.5
        }

        var shifted = Shifted(new ContrastShift(0.3), image);
        Assert.Equal(166, shifted[0]); // (1 − 0.5)·0.3 + 0.5 = 0.65
        Assert.Equal(89, shifted[1]);  // (0 − 0.5)·0.3 + 0.5 = 0.35
    }

    [Fact]
    public void Fog_is_a_smooth_haze_within_its_strength()
    {
        var black = Shifted(new FogShift(0.5), Filled(0));
        var white = Shifted(new FogShift(0.5), Filled(255));
        Assert.All(black, level => Assert.InRange(level, 0, 85)); // 0.5 / 1.5
        Assert.All(white, level => Assert.InRange(level, 170, 255)); // 1 / 1.5
        Assert.True(black.Max() - black.Min() > 10, "the haze varies");
        for (var i = 1; i < Side; i++)
        {
            Assert.InRange(Math.Abs(black[i] - black[i - 1]), 0, 12); // neighbours differ little: smooth
        }
    }

    [Fact]
    public void Blur_spreads_a_pixel_symmetrically_and_keeps_its_mass()
    {
        var image = Filled(0);
        image[(14 * Side) + 14] = 255;
        var blurred = Shifted(new BlurShift(1.5f), image);
        Assert.True(blurred[(14 * Side) + 14] < 60);
        Assert.Equal(blurred[(14 * Side) + 13], blurred[(14 * Side) + 15]);
        Assert.Equal(blurred[(13 * Side) + 14], blurred[(15 * Side) + 14]);
        Assert.InRange(blurred.Sum(l => l), 235, 275);
    }

    private static byte[] Filled(byte level) => Enumerable.Repeat(level, Side * Side).ToArray();

    private static byte[] Shifted(DigitShift shift, byte[] image)
    {
        var shifted = new byte[Side * Side];
        shift.Apply(image, shifted, new SeededRandom(7));
        return shifted;
    }

    private static (double Mean, double Deviation) Statistics(byte[] levels)
    {
        var mean = levels.Average(l => (double)l);
        return (mean, Math.Sqrt(levels.Average(l => (l - mean) * (l - mean))));
    }
}
