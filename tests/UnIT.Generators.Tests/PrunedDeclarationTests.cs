using UnIT.Generators.Tests.Infrastructure;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Preparation;
using UnIT.Training;
using UnIT.Training.Pruning;
using UnIT.Training.Serialization;
using Xunit;

namespace UnIT.Generators.Tests;

/// <summary>
/// Structured pruning hands the user a smaller weight file and the attributes that declare it. Pasted into a project, they
/// must generate a network that computes exactly what the masked model did.
/// </summary>
public class PrunedDeclarationTests
{
    [Fact]
    public void The_printed_declaration_of_a_channel_pruned_network_generates_the_same_function()
    {
        var definition = new NetworkBuilder("pruned-net", TensorShape.Of(1, 10, 10))
            .Conv2d("conv1", 5, 3, padding: 1).ReLU().MaxPool2d(2)
            .Conv2d("conv2", 6, 3).ReLU(0.05f).AvgPool2d(1)
            .Flatten().Dense("fc1", 7).ReLU().Dense("fc2", 4).Build();
        var masked = TrainableNetwork.Create(definition, seed: 21);
        ChannelMaskFile.Apply(masked, ChannelMaskFile.Parse("""{ "conv1": [1, 0, 1, 1, 0], "conv2": [0, 1, 1, 1, 0, 1], "fc1": [1, 1, 0, 1, 1, 1, 1] }"""));
        var pruned = ChannelPruning.RemovePrunedChannels(masked);
        var weights = Export(pruned);

        var source = "using UnIT;\nnamespace Demo;\n" + AttributeDeclaration.Write(pruned.Definition, "pruned.npz", "Pruned");
        var (result, output) = GeneratorHarness.Run(source, [GeneratorHarness.WeightText("pruned.npz", weights)]);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("[Conv2d(\"conv1\", 3, Kernel = 3, Padding = 1)]", source, StringComparison.Ordinal);
        using var network = CompiledNetwork.Load(output, "Demo.Pruned");
        var reference = new ReferenceInterpreter(PreparedNetwork.Prepare(definition, WeightFile.Parse(Export(masked), "masked.npz")));
        var random = new Random(5);
        for (var n = 0; n < 10; n++)
        {
            var input = Enumerable.Range(0, 100).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray();
            var logits = new float[4];
            network.Infer(input, logits);
            Assert.Equal(reference.Run(input).Select(BitConverter.SingleToInt32Bits), logits.Select(BitConverter.SingleToInt32Bits));
        }
    }

    private static byte[] Export(TrainableNetwork network)
    {
        using var stream = new MemoryStream();
        StateDictFile.Save(network, stream);
        return stream.ToArray();
    }
}
