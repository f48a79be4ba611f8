using UnIT.Training.Data;

namespace UnIT.Training.Tests;

public class MnistDatasetTests
{
    private static MnistDataset Mnist => MnistFixture.Mnist;

    [Fact]
    public void The_split_is_8000_train_and_2000_test_digits_of_28x28()
    {
        Assert.Equal(8000, Mnist.Train.Count);
        Assert.Equal(2000, Mnist.Test.Count);
        Assert.Equal([1, 28, 28], Mnist.Train.SampleShape.Dimensions.AsSpan().ToArray());
        Assert.Equal(784, Mnist.Test.SampleSize);
        Assert.Equal(20250710u, Mnist.SplitSeed);
    }

    [Fact]
    public void Class_counts_are_the_documented_ones_and_add_up_to_10000()
    {
        // The per-class counts of Data/mnist/README.md pin the exact split.
        Assert.Equal([793, 899, 785, 821, 783, 684, 818, 861, 763, 793], Mnist.Train.CountPerClass());
        Assert.Equal([208, 228, 206, 211, 197, 179, 196, 209, 181, 185], Mnist.Test.CountPerClass());
        var all = Mnist.Train.CountPerClass().Zip(Mnist.Test.CountPerClass(), (a, b) => a + b).ToArray();
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], all);
        Assert.Equal(10000, all.Sum());
    }

    [Fact]
    public void Calibration_is_the_first_1000_train_digits()
    {
        Assert.Equal(1000, Mnist.Calibration.Count);
        for (var i = 0; i < Mnist.Calibration.Count; i++)
        {
            Assert.Equal(Mnist.Train.Label(i), Mnist.Calibration.Label(i));
            Assert.True(Mnist.Train.Sample(i).SequenceEqual(Mnist.Calibration.Sample(i)));
        }

        Assert.Equal(250, MnistDataset.Load(calibrationCount: 250).Calibration.Count);
    }

    [Fact]
    public void Pixels_are_normalised_grey_levels()
    {
        var lowest = MnistDataset.Normalize(0);
        var highest = MnistDataset.Normalize(255);
        Assert.Equal((0f - 0.1307f) / 0.3081f, lowest);
        Assert.Equal((1f - 0.1307f) / 0.3081f, highest);

        var (min, max) = (float.MaxValue, float.MinValue);
        foreach (var data in new[] { Mnist.Train, Mnist.Test })
        {
            for (var i = 0; i < data.Count; i++)
            {
                foreach (var value in data.Sample(i))
                {
                    (min, max) = (Math.Min(min, value), Math.Max(max, value));
                }
            }
        }

        Assert.Equal(lowest, min);
        Assert.Equal(highest, max);
    }

    [Fact]
    public void SplitTrain_keeps_the_last_digits_for_validation_and_never_touches_test()
    {
        var (training, validation) = Mnist.SplitTrain(1000);

        Assert.Equal(7000, training.Count);
        Assert.Equal(1000, validation.Count);
        Assert.True(validation.Sample(0).SequenceEqual(Mnist.Train.Sample(7000)));
        Assert.True(validation.Sample(999).SequenceEqual(Mnist.Train.Sample(7999)));
        Assert.True(training.Sample(0).SequenceEqual(Mnist.Calibration.Sample(0)));
    }

    [Fact]
    public void A_damaged_file_is_rejected_with_a_reason()
    {
        using var stream = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("NOTMNIST"u8);
            gzip.Write(new byte[28]);
        }

        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => MnistFile.Read(stream));
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }
}
