using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Serialization;

namespace UnIT.Training.Tests.Structured;

/// <summary>Small networks whose channels pass through every kind of layer between two conv/dense layers.</summary>
internal static class StructuredNetworks
{
    /// <summary>conv → ReLU → conv → ReLU → max pool → flatten → dense → ReLU → dense (1x8x8 in, 3 classes).</summary>
    public static NetworkDefinition ConvConvDense() =>
        new NetworkBuilder("convconv", TensorShape.Of(1, 8, 8))
            .Conv2d("conv1", 4, 3).ReLU()
            .Conv2d("conv2", 5, 3).ReLU().MaxPool2d(2)
            .Flatten().Dense("fc1", 6).ReLU().Dense("fc2", 3).Build();

    /// <summary>Strided, padded conv → ReLU(θ) → average pool → flatten → dense → dense (no ReLU between the two).</summary>
    public static NetworkDefinition StridedAvgDense() =>
        new NetworkBuilder("strided", TensorShape.Of(2, 7, 7))
            .Conv2d("conv1", 3, 3, stride: 2, padding: 1).ReLU(0.1f).AvgPool2d(2)
            .Flatten().Dense("fc1", 4).Dense("fc2", 3).Build();

    /// <summary>Conv1d → ReLU → max pool 1-D → flatten → dense.</summary>
    public static NetworkDefinition Conv1d() =>
        new NetworkBuilder("seq", TensorShape.Of(2, 16))
            .Conv1d("conv1", 4, 3).ReLU().MaxPool1d(2).Flatten().Dense("fc1", 3).Build();

    /// <summary>Masks <paramref name="channels"/> of layer <paramref name="name"/> as whole channels.</summary>
    public static void PruneChannels(TrainableNetwork network, string name, MaskMode mode, params int[] channels)
    {
        var layer = network.Layer(name);
        var mask = layer.Mask ?? layer.AddMask(mode);
        foreach (var channel in channels)
        {
            mask.PruneChannel(channel);
        }

        network.ZeroFrozenEntries();
    }

    /// <summary>The network's tensors as the toolchain reads an exported <c>.npz</c>.</summary>
    public static WeightFile Exported(TrainableNetwork network)
    {
        using var stream = new MemoryStream();
        StateDictFile.Save(network, stream);
        return WeightFile.Parse(stream.ToArray(), network.Definition.Name + ".npz");
    }
}
