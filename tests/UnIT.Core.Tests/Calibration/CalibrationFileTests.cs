using UnIT.Calibration;
using UnIT.Collections;
using UnIT.Model;
using Xunit;

namespace UnIT.Core.Tests.Calibration;

public class CalibrationFileTests
{
    private static CalibrationData Sample() => new(
        "MnistUnit", NumberFormat.Q15, TargetProfile.Msp430FR5994, DivisionApproximation.ReciprocalLut, 2.8215f, 0.5, 0.981, 0.978, 1000,
        ImmutableEquatableArray.Create(
            new CalibratedLayer("conv1", 0.05f, 0, ImmutableEquatableArray<float>.Empty, null, 6.5f, 0.0, ImmutableEquatableArray.Create(0.1f, 0.42f, 1.9f)),
            new CalibratedLayer("relu1", null, 0, ImmutableEquatableArray<float>.Empty, 1.5f, null, null, ImmutableEquatableArray<float>.Empty),
            new CalibratedLayer("conv2", 0.04f, 4, ImmutableEquatableArray.Create(0.03f, 0.05f, 0.04f, 0.1f / 3), null, 9.25f, 0.83, ImmutableEquatableArray.Create(0.5f, 1f))));

    [Fact]
    public void Writing_then_parsing_gives_the_same_data_bit_for_bit()
    {
        var text = CalibrationFile.Write(Sample());
        Assert.True(CalibrationFile.TryParse(text, out var parsed, out var problem), problem);
        Assert.Equal(Sample(), parsed);
        Assert.Contains("layer conv2 threshold=0.04 group-size=4 group-thresholds=0.03,0.05,0.04,", text);
    }

    [Fact]
    public void A_folded_input_normalisation_is_written_read_back_and_checked_against_the_declaration()
    {
        var folded = Sample() with { InputMean = 0.1307f, InputStandardDeviation = 0.3081f };
        var text = CalibrationFile.Write(folded);
        Assert.Contains("input-mean: 0.1307\ninput-standard-deviation: 0.3081\n", text);
        Assert.DoesNotContain("input-mean", CalibrationFile.Write(Sample()));
        Assert.True(CalibrationFile.TryParse(text, out var parsed, out var problem), problem);
        Assert.Equal(folded, parsed);

        var plain = new NetworkBuilder("MnistUnit", TensorShape.Of(1, 28, 28)).Conv2d("conv1", 6, 5).Build();
        var declared = plain with { Options = plain.Options with { InputMean = 0.1307f, InputStandardDeviation = 0.3081f } };
        Assert.Null(CalibrationApplication.InputNormalizationMismatch(declared, folded, "a.calibration.txt"));
        Assert.Null(CalibrationApplication.InputNormalizationMismatch(plain, Sample(), "a.calibration.txt"));
        var mismatch = CalibrationApplication.InputNormalizationMismatch(plain, folded, "a.calibration.txt");
        Assert.Contains("'a.calibration.txt' was measured with InputMean = 0.1307, InputStandardDeviation = 0.3081 folded", mismatch);
        Assert.Contains("network 'MnistUnit' declares no input normalisation folded", mismatch);
        Assert.NotNull(CalibrationApplication.InputNormalizationMismatch(declared, Sample(), "a.calibration.txt"));
    }

    [Theory]
    [InlineData("format: 1\nnetwork: X\n", "missing header line")]
    [InlineData("garbage", "line 1: expected 'key: value'")]
    [InlineData("layer conv1 threshold=abc", "line 1: layer conv1: 'abc' is not a valid value for threshold")]
    [InlineData("layer conv1 colour=red", "unknown key 'colour'")]
    public void Bad_files_say_what_and_where(string text, string expected)
    {
        Assert.False(CalibrationFile.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Measured_ranges_fill_only_what_the_declaration_leaves_unset()
    {
        var network = new NetworkBuilder("MnistUnit", TensorShape.Of(1, 28, 28))
            .Conv2d("conv1", 6, 5).ReLU(1.5f).MaxPool2d(2)
            .Conv2d("conv2", 16, 5, pruning: PruningSettings.Default with { OutputRange = 3f })
            .Build();
        var calibrated = CalibrationApplication.WithMeasuredRanges(network, Sample());
        Assert.Equal(2.8215f, calibrated.Options.InputRange);
        Assert.Equal(6.5f, ((PrunableLayer)calibrated.Layers[0]).Pruning.OutputRange);
        Assert.Equal(3f, ((PrunableLayer)calibrated.Layers[3]).Pruning.OutputRange); // declared wins
        var statistics = CalibrationApplication.Statistics(Sample());
        Assert.Equal(0.83, statistics["conv2"].ZeroFraction);
        Assert.False(statistics.ContainsKey("relu1"));
    }
}
