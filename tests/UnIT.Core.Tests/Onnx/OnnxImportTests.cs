using UnIT.Collections;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Onnx;
using Xunit;

namespace UnIT.Core.Tests.Onnx;

/// <summary>How PyTorch exports map onto UnIT layers and state_dict names (docs/weight-files.md, "ONNX models").</summary>
public class OnnxImportTests
{
    [Fact]
    public void Named_initializers_keep_their_state_dict_names_and_BatchNorm_stays_a_layer()
    {
        var weights = WeightFile.Parse(OnnxFixtures.Bytes("lenet.onnx"), "lenet.onnx");
        var onnx = weights.Onnx!;

        Assert.Null(onnx.Unsupported);
        Assert.Equal(TensorShape.Of(1, 12, 12), onnx.InputShape);
        Assert.Equal(
            [LayerKind.Conv2d, LayerKind.BatchNorm, LayerKind.ReLU, LayerKind.MaxPool2d, LayerKind.Conv2d, LayerKind.ReLU, LayerKind.AvgPool2d, LayerKind.Flatten, LayerKind.Dense],
            onnx.Layers.Select(l => l.Layer.Kind));
        Assert.Equal(ConvolutionLayer.Conv2d("conv1", 4, 3, padding: 1), onnx.Layers[0].Layer);
        Assert.Equal(new BatchNormLayer("bn1"), onnx.Layers[1].Layer);
        Assert.Equal(PoolingLayer.MaxPool2d(2), onnx.Layers[3].Layer);
        Assert.Equal("'/pool1/MaxPool' (MaxPool)", onnx.Layers[3].Node);
        Assert.Equal(
            ["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias"],
            weights.Tensors.Select(t => t.Name));
        Assert.Equal([10, 32], weights.Get("fc1.weight").Shape);

        // Gemm with transB = 1 holds nn.Linear's [out, in] weight as it is.
        var raw = OnnxModelReader.Read(OnnxFixtures.Bytes("lenet.onnx"), "lenet.onnx").Initializers.Single(t => t.Name == "fc1.weight");
        Assert.Equal(raw.Floats, weights.Get("fc1.weight").ToSingleArray());
    }

    [Fact]
    public void An_anonymous_MatMul_weight_is_named_after_its_bias_and_transposed_to_out_by_in()
    {
        var weights = WeightFile.Parse(OnnxFixtures.Bytes("mlp.onnx"), "mlp.onnx");
        var onnx = weights.Onnx!;

        Assert.Equal([LayerKind.Flatten, LayerKind.Dense, LayerKind.ReLU, LayerKind.Dense], onnx.Layers.Select(l => l.Layer.Kind));
        Assert.Equal(new DenseLayer("fc2", 5, PruningSettings.Default), onnx.Layers[3].Layer);
        Assert.Equal("'/MatMul' (MatMul)", onnx.Layers[3].Node);

        var matMul = OnnxModelReader.Read(OnnxFixtures.Bytes("mlp.onnx"), "mlp.onnx").Initializers.Single(t => t.Name.StartsWith("onnx::MatMul", StringComparison.Ordinal));
        Assert.Equal([12, 5], matMul.Dims);
        var weight = weights.Get("fc2.weight");
        Assert.Equal([5, 12], weight.Shape);
        var values = weight.ToSingleArray();
        for (var o = 0; o < 5; o++)
        {
            for (var i = 0; i < 12; i++)
            {
                Assert.Equal(matMul.Floats![(i * 5) + o], values[(o * 12) + i]);
            }
        }

        Assert.Equal([5], weights.Get("fc2.bias").Shape);
    }

    [Fact]
    public void A_conv_with_a_folded_BatchNorm_is_named_by_its_node_scope_and_Reshape_to_batch_by_features_is_Flatten()
    {
        var onnx = WeightFile.Parse(OnnxFixtures.Bytes("strided.onnx"), "strided.onnx").Onnx!;

        Assert.Equal(TensorShape.Of(2, 10, 10), onnx.InputShape);
        Assert.Equal(ConvolutionLayer.Conv2d("conv1", 4, 3, stride: 2, padding: 1), onnx.Layers[0].Layer);
        // The exporter folded bn2 into conv2 (initializers onnx::Conv_20/21), so conv2 gains a bias and no BatchNorm follows.
        Assert.Equal(ConvolutionLayer.Conv2d("conv2", 6, 3, padding: 1), onnx.Layers[2].Layer);
        Assert.Equal([LayerKind.Conv2d, LayerKind.ReLU, LayerKind.Conv2d, LayerKind.ReLU, LayerKind.Flatten, LayerKind.Dense], onnx.Layers.Select(l => l.Layer.Kind));
        Assert.Contains(onnx.Tensors, t => t.Name == "conv2.bias");
    }

    [Fact]
    public void The_first_node_without_a_UnIT_layer_is_named_and_stops_the_declaration()
    {
        var onnx = WeightFile.Parse(OnnxFixtures.Bytes("unsupported.onnx"), "unsupported.onnx").Onnx!;

        Assert.Single(onnx.Layers);
        Assert.Contains("'/act/Sigmoid' (Sigmoid) has no UnIT layer", onnx.Unsupported, StringComparison.Ordinal);
        var e = Assert.Throws<InvalidOperationException>(() => onnx.ToDefinition("unsupported"));
        Assert.Contains("Sigmoid", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad_external_data.onnx", NumPyProblemKind.Malformed, "outside the .onnx file (external data)")]
    [InlineData("bad_float16.onnx", NumPyProblemKind.UnsupportedDType, "FLOAT16")]
    [InlineData("bad_missing_initializer.onnx", NumPyProblemKind.MissingTensor, "'fc1.weight' as a weight, but it is not an initializer")]
    public void Files_UnIT_cannot_use_give_one_named_weight_file_error(string file, NumPyProblemKind kind, string problem)
    {
        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(OnnxFixtures.Bytes(file), file));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(file, e.FileName);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"Weight file '{file}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_model_is_refused_as_cut_off()
    {
        var bytes = OnnxFixtures.Bytes("lenet.onnx");

        var e = Assert.Throws<NumPyFormatException>(() => WeightFile.Parse(bytes[..(bytes.Length / 2)], "lenet.onnx"));

        Assert.Contains("not a valid ONNX file", e.Problem, StringComparison.Ordinal);
        Assert.Contains("cut off", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_graph_check_accepts_the_declared_graph_and_names_the_first_node_that_differs()
    {
        var onnx = WeightFile.Parse(OnnxFixtures.Bytes("lenet.onnx"), "lenet.onnx").Onnx!;
        var definition = onnx.ToDefinition("lenet");
        Assert.Null(OnnxGraphCheck.FirstDisagreement(definition, onnx, "lenet.onnx"));

        var pool = Replace(definition, 3, PoolingLayer.MaxPool2d(3));
        var disagreement = OnnxGraphCheck.FirstDisagreement(pool, onnx, "lenet.onnx")!;
        Assert.Equal(3, disagreement.LayerIndex);
        Assert.Contains("node '/pool1/MaxPool' (MaxPool) has kernel 2x2, the attribute 3x3", disagreement.Message, StringComparison.Ordinal);
        Assert.Contains("unit declare lenet.onnx", disagreement.Message, StringComparison.Ordinal);

        var stride = Replace(definition, 0, ConvolutionLayer.Conv2d("conv1", 4, 3, stride: 2, padding: 1));
        Assert.Contains("has stride 1x1, the attribute 2x2", OnnxGraphCheck.FirstDisagreement(stride, onnx, "lenet.onnx")!.Message, StringComparison.Ordinal);

        var channels = Replace(definition, 4, ConvolutionLayer.Conv2d("conv2", 6, 3));
        Assert.Contains("'/conv2/Conv' (Conv) has output channels 8, the attribute 6", OnnxGraphCheck.FirstDisagreement(channels, onnx, "lenet.onnx")!.Message, StringComparison.Ordinal);

        var withoutNorm = definition with { Layers = definition.Layers.Where(l => l is not BatchNormLayer).ToImmutableEquatableArray() };
        var missing = OnnxGraphCheck.FirstDisagreement(withoutNorm, onnx, "lenet.onnx")!;
        Assert.Equal(1, missing.LayerIndex);
        Assert.Contains("'/bn1/BatchNormalization' (BatchNormalization) is a BatchNorm", missing.Message, StringComparison.Ordinal);

        var input = definition with { InputShape = TensorShape.Of(1, 28, 28) };
        Assert.Contains("the model's input is 1x12x12, the attribute's Input is 1x28x28", OnnxGraphCheck.FirstDisagreement(input, onnx, "lenet.onnx")!.Message, StringComparison.Ordinal);

        var shorter = definition with { Layers = definition.Layers.Take(8).ToImmutableEquatableArray() };
        Assert.Contains("continues with node '/fc1/Gemm' (Gemm)", OnnxGraphCheck.FirstDisagreement(shorter, onnx, "lenet.onnx")!.Message, StringComparison.Ordinal);
    }

    private static NetworkDefinition Replace(NetworkDefinition definition, int index, LayerDefinition layer) =>
        definition with { Layers = definition.Layers.Select((l, i) => i == index ? layer : l).ToImmutableEquatableArray() };
}
