using UnIT.Model;
using UnIT.NumPy;
using UnIT.Training.Serialization;

namespace UnIT.Training.Tests;

public class StateDictFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", name);

    [Fact]
    public void Export_uses_state_dict_names_shapes_and_order()
    {
        var network = TrainableNetwork.Create(TestNetworks.PaperMnist(), seed: 1);
        using var stream = new MemoryStream();
        StateDictFile.Save(network, stream);

        var tensors = NpzReader.Read(stream.ToArray(), "mnist.npz");

        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias"], tensors.Keys.ToArray());
        Assert.Equal([6, 1, 5, 5], tensors["conv1.weight"].Shape);
        Assert.Equal([6], tensors["conv1.bias"].Shape);
        Assert.Equal([16, 6, 5, 5], tensors["conv2.weight"].Shape);
        Assert.Equal([10, 256], tensors["fc1.weight"].Shape);
        Assert.All(tensors.Values, t => Assert.Equal(NumPyDType.Float32, t.DType));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Export_then_import_round_trips_every_bit(bool compressed)
    {
        var trained = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        new Trainer(trained, TrainingOptions.Default with { Epochs = 1, BatchSize = 8 }).Train(TestNetworks.Bars(32, seed: 1));
        var path = Path.Combine(Path.GetTempPath(), $"unit-roundtrip-{Guid.NewGuid():N}.npz");
        try
        {
            StateDictFile.Save(trained, path, compressed);
            var loaded = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 99);
            StateDictFile.Load(loaded, path);

            var expected = TestNetworks.AllValues(trained);
            var actual = TestNetworks.AllValues(loaded);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Masked_weights_are_exported_as_zeros_and_can_be_frozen_again_on_import()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        var mask = network.Layer("conv1").AddMask(MaskMode.Frozen);
        mask.Prune(3);
        mask.Prune(8);
        network.Layer("fc1").AddMask(MaskMode.Soft).Prune(20);
        using var stream = new MemoryStream();
        StateDictFile.Save(network, stream);
        var tensors = NpzReader.Read(stream.ToArray(), "pruned.npz");

        var conv = tensors["conv1.weight"].ToSingleArray();
        Assert.Equal(0, BitConverter.SingleToInt32Bits(conv[3]));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(conv[8]));
        Assert.Equal(0f, tensors["fc1.weight"].ToSingleArray()[20]);
        Assert.Equal(3, conv.Concat(tensors["fc1.weight"].ToSingleArray()).Count(w => w == 0f));

        var reloaded = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 5);
        StateDictFile.Load(reloaded, tensors, "pruned.npz", freezeZeroWeights: true);
        Assert.Equal(3, reloaded.PrunedWeightCount);
        Assert.False(reloaded.Layer("conv1").Mask!.IsKept(8));
        Assert.Equal(MaskMode.Frozen, reloaded.Layer("fc1").Mask!.Mode);
    }

    [Fact]
    public void Import_names_the_tensor_that_does_not_fit_and_changes_nothing()
    {
        var network = TrainableNetwork.Create(TestNetworks.Tiny(), seed: 1);
        var before = TestNetworks.AllValues(network);
        var good = StateDictFile.ToArrays(network).ToDictionary(a => a.Name);

        var wrongShape = new Dictionary<string, NumPyArray>(good)
        {
            ["fc1.weight"] = NumPyArray.FromSingles("fc1.weight", new float[36], 12, 3),
        };
        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Load(network, wrongShape, "w.npz"));
        Assert.Contains("'fc1.weight' has shape [12, 3] but the network needs [3, 12]", error.Message, StringComparison.Ordinal);

        var missing = new Dictionary<string, NumPyArray>(good);
        missing.Remove("conv1.bias");
        Assert.Contains("'conv1.bias' is missing", Assert.Throws<InvalidDataException>(() => StateDictFile.Load(network, missing, "w.npz")).Message, StringComparison.Ordinal);

        var extra = new Dictionary<string, NumPyArray>(good) { ["bn1.weight"] = NumPyArray.FromSingles("bn1.weight", new float[3], 3) };
        Assert.Contains("bn1.weight", Assert.Throws<InvalidDataException>(() => StateDictFile.Load(network, extra, "w.npz")).Message, StringComparison.Ordinal);

        Assert.Equal(before, TestNetworks.AllValues(network));
    }

    public static TheoryData<string, NetworkDefinition> PyTorchModels => new()
    {
        {
            "convnet1d",
            new NetworkBuilder("convnet1d", TensorShape.Of(2, 32))
                .Conv1d("conv1", 4, 5, stride: 2, padding: 2).ReLU().MaxPool1d(2)
                .Conv1d("conv2", 6, 3, dilation: 2).ReLU().Flatten().Dense("fc1", 5).Build()
        },
        {
            "strided2d",
            new NetworkBuilder("strided2d", TensorShape.Of(2, 9, 8))
                .Add(new ConvolutionLayer("conv1", 2, 3, 3, 2, 2, 1, 1, 0, 1, 2, PruningSettings.Default))
                .ReLU().Flatten().Dense("fc1", 4).Build()
        },
        {
            "dscnn2d",
            new NetworkBuilder("dscnn2d", TensorShape.Of(2, 8, 8))
                .Conv2d("conv1", 4, 3, padding: 1).ReLU().Conv2d("dw1", 8, 3, padding: 1, groups: 4).ReLU()
                .Conv2d("pw1", 6, 1).ReLU().Conv2d("dw2", 6, 3, groups: 6).ReLU().AvgPool2d(2).Flatten().Dense("fc1", 5).Build()
        },
    };

    [Theory]
    [MemberData(nameof(PyTorchModels))]
    public void Imported_pytorch_models_compute_what_pytorch_computed(string model, NetworkDefinition definition)
    {
        var network = TrainableNetwork.Create(definition, seed: 0);
        StateDictFile.Load(network, Fixture($"{model}.npz"));
        var io = NpzReader.ReadFile(Fixture($"{model}_io.npz"));
        var inputs = io["inputs"].ToSingleArray();
        var outputs = io["outputs"].ToSingleArray();
        var batch = io["inputs"].Shape[0];

        for (var s = 0; s < batch; s++)
        {
            var logits = network.Predict(inputs.AsSpan(s * network.InputSize, network.InputSize));
            for (var j = 0; j < logits.Length; j++)
            {
                var expected = outputs[(s * network.OutputSize) + j];
                Assert.True(Math.Abs(expected - logits[j]) <= 1e-5f * Math.Max(1f, Math.Abs(expected)), $"{model} sample {s} logit {j}: PyTorch {expected:G9}, ours {logits[j]:G9}");
            }
        }
    }

    [Fact]
    public void BatchNorm_is_refused_with_a_clear_message()
    {
        var definition = new NetworkBuilder("bn", TensorShape.Of(1, 6, 6)).Conv2d("conv1", 2, 3).BatchNorm("bn1").Flatten().Dense("fc1", 2).Build();

        var error = Assert.Throws<NetworkDefinitionException>(() => TrainableNetwork.Create(definition, seed: 0));
        Assert.Contains("BatchNorm", error.Message, StringComparison.Ordinal);
    }
}
