using UnIT.Collections;
using UnIT.Model;
using UnIT.NumPy;

namespace UnIT.Onnx;

/// <summary>A UnIT layer read from one ONNX node (or a MatMul+Add pair), with the node it came from for messages.</summary>
/// <param name="Layer">The layer, with its tensors named <c>&lt;name&gt;.weight</c>/<c>.bias</c>/… in <see cref="OnnxImport.Tensors"/>.</param>
/// <param name="Node">The node as messages name it: <c>'/conv1/Conv' (Conv)</c>.</param>
public sealed record ImportedLayer(LayerDefinition Layer, string Node);

/// <summary>
/// Maps an ONNX graph onto UnIT's layers (docs/weight-files.md, "ONNX"): a chain of Conv, BatchNormalization, Relu,
/// MaxPool, AveragePool, Flatten/Reshape, Gemm and MatMul+Add, read in file order. Layers are named by their weight
/// initializer (<c>conv1.weight</c> gives <c>conv1</c>), else their bias initializer, else the node's PyTorch scope
/// (<c>/conv2/Conv</c> gives <c>conv2</c>), else kind and ordinal (<c>dense2</c>); tensors are renamed to
/// <c>&lt;layer&gt;.weight</c>, <c>.bias</c>, <c>.running_mean</c>, <c>.running_var</c> in PyTorch's layouts, so the rest of
/// UnIT reads them exactly like a <c>state_dict</c> saved with NumPy. The first node that has no UnIT layer stops the
/// import and is named in <see cref="Unsupported"/>.
/// </summary>
public sealed partial class OnnxImport
{
    /// <summary>The operators UnIT maps, for messages.</summary>
    public const string SupportedOperators = "Conv, BatchNormalization, Relu, MaxPool, AveragePool, Flatten, Reshape (to [batch, features]), Gemm, MatMul+Add (plus Constant, Identity and Dropout, which compute nothing)";

    private readonly string _fileName;
    private readonly Dictionary<string, OnnxTensor> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly List<ImportedLayer> _layers = new();
    private readonly List<NumPyArray> _tensors = new();
    private readonly HashSet<string> _mappedInitializers = new(StringComparer.Ordinal);

    private OnnxImport(OnnxGraph graph, string fileName)
    {
        _fileName = fileName;
        foreach (var tensor in graph.Initializers)
        {
            _constants[tensor.Name] = tensor;
        }

        InputShape = ReadInputShape(graph.InputShape);
        Import(graph);
        var names = new HashSet<string>(_tensors.Select(t => t.Name), StringComparer.Ordinal);
        foreach (var tensor in graph.Initializers.Where(t => !_mappedInitializers.Contains(t.Name) && t.Floats is not null))
        {
            // Initializers of nodes after an unsupported one keep their ONNX names, so a listing still shows them.
            if (names.Add(tensor.Name))
            {
                _tensors.Add(NumPyArray.FromSingles(tensor.Name, tensor.Floats!, [.. tensor.Dims]));
            }
        }
    }

    /// <summary>The model's input without the batch dimension (<c>1x28x28</c>), or null when the file does not give it.</summary>
    public TensorShape? InputShape { get; }

    /// <summary>The layers, in execution order, up to the first unsupported node.</summary>
    public IReadOnlyList<ImportedLayer> Layers => _layers;

    /// <summary>The first node UnIT has no layer for, and why; null when the whole graph maps.</summary>
    public string? Unsupported { get; private set; }

    /// <summary>The weight tensors under UnIT's (PyTorch's) names and layouts, then any unmapped float initializers.</summary>
    public IReadOnlyList<NumPyArray> Tensors => _tensors;

    /// <summary>Maps <paramref name="graph"/>.</summary>
    /// <exception cref="NumPyFormatException">A layer's weight is not in the file (a graph input, not an initializer) or has the wrong rank.</exception>
    public static OnnxImport From(OnnxGraph graph, string fileName) => new(graph ?? throw new ArgumentNullException(nameof(graph)), fileName);

    /// <summary>
    /// The network this graph computes, named <paramref name="name"/>, with UnIT's default options (Float32, every
    /// threshold 0): what <c>unit declare</c> prints.
    /// </summary>
    /// <exception cref="InvalidOperationException">A node has no UnIT layer, or the file does not give the input shape.</exception>
    public NetworkDefinition ToDefinition(string name)
    {
        if (Unsupported is { } unsupported)
        {
            throw new InvalidOperationException($"The ONNX graph cannot be declared: {unsupported}.");
        }

        if (InputShape is not { } input)
        {
            throw new InvalidOperationException(
                "The ONNX graph cannot be declared: its input has no fixed shape (a symbolic or missing dimension after the batch axis); "
                + "export with a fixed-size example input and without dynamic_axes on the feature dimensions.");
        }

        return new NetworkDefinition(name, input, Layers.Select(l => l.Layer).ToImmutableEquatableArray(), NetworkOptions.Default);
    }

    private static TensorShape? ReadInputShape(IReadOnlyList<long>? shape)
    {
        if (shape is null || shape.Count < 2 || shape.Skip(1).Any(d => d < 1 || d > int.MaxValue))
        {
            return null;
        }

        return TensorShape.Of([.. shape.Skip(1).Select(d => (int)d)]);
    }

    private void Import(OnnxGraph graph)
    {
        var current = graph.InputName;
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            var where = node.Describe(i);
            if (node.OpType == "Constant" && node.Domain.Length == 0)
            {
                if (node.Attributes.TryGetValue("value", out var value) && value.Tensor is { } tensor && node.Outputs.Count == 1)
                {
                    _constants[node.Outputs[0]] = tensor;
                }

                continue;
            }

            if (node.Inputs.Count == 0 || node.Inputs[0] != current || node.Outputs.Count == 0)
            {
                Unsupported = $"node {where} does not take the previous layer's output as its first input: UnIT runs a chain of layers, without branches or skip connections";
                return;
            }

            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                Unsupported = $"node {where} is from operator domain '{node.Domain}', not the standard ONNX operators UnIT maps ({SupportedOperators})";
                return;
            }

            var consumed = 1;
            var problem = node.OpType switch
            {
                "Identity" or "Dropout" => null,
                "Relu" => Add(new ReluLayer(0f), where),
                "Conv" => Conv(node, where),
                "BatchNormalization" => BatchNorm(node, where),
                "MaxPool" or "AveragePool" => Pool(node, where),
                "Flatten" => node.Int("axis", 1) == 1 ? Add(new FlattenLayer(), where) : $"node {where} flattens from axis {node.Int("axis", 1)}; UnIT's Flatten keeps the batch axis (axis 1)",
                "Reshape" => Reshape(node, where),
                "Gemm" => Gemm(node, where),
                "MatMul" => MatMul(node, i + 1 < graph.Nodes.Count ? graph.Nodes[i + 1] : null, where, out consumed),
                _ => $"node {where} has no UnIT layer; UnIT maps {SupportedOperators}",
            };
            if (problem is not null)
            {
                Unsupported = problem;
                return;
            }

            current = graph.Nodes[i + consumed - 1].Outputs[0];
            i += consumed - 1;
        }
    }

    private string? Add(LayerDefinition layer, string where)
    {
        _layers.Add(new ImportedLayer(layer, where));
        return null;
    }

    private string? Conv(OnnxNode node, string where)
    {
        var weight = Weight(node, 1, where);
        if (weight.Dims.Count is not (3 or 4))
        {
            return $"node {where} is a {weight.Dims.Count - 2}-D convolution; UnIT has Conv1d and Conv2d";
        }

        if (node.Int("group", 1) != 1)
        {
            return $"node {where} is a grouped convolution (group = {node.Int("group", 1)}); UnIT's convolutions have group 1";
        }

        var spatial = weight.Dims.Count - 2;
        if (Geometry(node, where, spatial, allowPadding: true) is not { } g)
        {
            return Unsupported;
        }

        var bias = OptionalTensor(node, 2, where);
        var name = LayerName(node, weight.Name, bias?.Name, "conv");
        var pruning = PruningSettings.Default;
        var layer = spatial == 2
            ? new ConvolutionLayer(name, 2, weight.Dims[0], weight.Dims[2], weight.Dims[3], g.Stride[0], g.Stride[1], g.Padding[0], g.Padding[1], g.Dilation[0], g.Dilation[1], pruning)
            : ConvolutionLayer.Conv1d(name, weight.Dims[0], weight.Dims[2], g.Stride[0], g.Padding[0], g.Dilation[0], pruning);
        AddTensor(weight, name + ".weight", weight.Floats!, [.. weight.Dims]);
        if (bias is not null)
        {
            AddTensor(bias, name + ".bias", bias.Floats!, [bias.ElementCount]);
        }

        return Add(layer with { HasBias = bias is not null }, where);
    }

    private string? BatchNorm(OnnxNode node, string where)
    {
        if (node.Inputs.Count < 5 || node.Outputs.Count > 1 && node.Outputs.Skip(1).Any(o => o.Length > 0))
        {
            return $"node {where} is a BatchNormalization in training mode (it has running-statistics outputs); export in eval mode";
        }

        var scale = Weight(node, 1, where);
        var name = LayerName(node, scale.Name, null, "batchnorm");
        string[] suffixes = ["weight", "bias", "running_mean", "running_var"];
        for (var k = 0; k < suffixes.Length; k++)
        {
            var tensor = Weight(node, k + 1, where);
            AddTensor(tensor, name + "." + suffixes[k], tensor.Floats!, [tensor.ElementCount]);
        }

        return Add(new BatchNormLayer(name, node.Float("epsilon", 1e-5f)), where);
    }

    private string? Pool(OnnxNode node, string where)
    {
        var kernel = node.Ints("kernel_shape");
        if (kernel is null || kernel.Count is not (1 or 2))
        {
            return $"node {where} pools over {kernel?.Count ?? 0} dimensions; UnIT pools over 1 or 2";
        }

        if (node.Int("ceil_mode", 0) != 0)
        {
            return $"node {where} rounds its output size up (ceil_mode = 1); UnIT pools in floor mode (PyTorch's default)";
        }

        if (Geometry(node, where, kernel.Count, allowPadding: false) is not { } g)
        {
            return Unsupported;
        }

        var isMax = node.OpType == "MaxPool";
        if (kernel.Count == 1 && !isMax)
        {
            return $"node {where} is a 1-D average pool; UnIT has MaxPool1d, MaxPool2d and AvgPool2d";
        }

        var k = kernel.Select(v => (int)v).ToArray();
        var layer = kernel.Count == 1
            ? new PoolingLayer(LayerKind.MaxPool1d, 1, k[0], 1, g.Stride[0])
            : new PoolingLayer(isMax ? LayerKind.MaxPool2d : LayerKind.AvgPool2d, k[0], k[1], g.Stride[0], g.Stride[1]);
        return Add(layer, where);
    }

    private string? Reshape(OnnxNode node, string where)
    {
        if (node.Inputs.Count < 2 || !_constants.TryGetValue(node.Inputs[1], out var shape) || shape.Int64s is not { Length: 2 } target
            || target[0] is not (0 or 1 or -1))
        {
            return $"node {where} reshapes to something other than [batch, features]; UnIT maps a Reshape only as Flatten (x.view(x.size(0), -1) with a constant shape)";
        }

        return Add(new FlattenLayer(), where);
    }

    private string? Gemm(OnnxNode node, string where)
    {
        if (node.Int("transA", 0) != 0 || node.Float("alpha", 1f) != 1f || node.Float("beta", 1f) != 1f)
        {
            return $"node {where} transposes its input or scales by alpha/beta; UnIT maps Gemm as a Linear layer (transA = 0, alpha = beta = 1)";
        }

        var weight = Weight(node, 1, where);
        RequireRank(weight, 2, where);
        var transposed = node.Int("transB", 0) != 0;
        return Dense(node, where, weight, transposed, OptionalTensor(node, 2, where), biasNode: null);
    }

    private string? MatMul(OnnxNode node, OnnxNode? next, string where, out int consumed)
    {
        consumed = 1;
        var weight = Weight(node, 1, where);
        RequireRank(weight, 2, where);
        OnnxTensor? bias = null;
        if (next is { OpType: "Add", Inputs.Count: 2, Outputs.Count: > 0 } && next.Inputs.Contains(node.Outputs[0]))
        {
            var other = next.Inputs[0] == node.Outputs[0] ? next.Inputs[1] : next.Inputs[0];
            if (_constants.TryGetValue(other, out var candidate) && candidate.Floats is not null && candidate.ElementCount == weight.Dims[1])
            {
                bias = candidate;
                consumed = 2;
            }
        }

        return Dense(node, where, weight, transposed: false, bias, consumed == 2 ? next : null);
    }

    /// <summary>A Linear layer from a weight of <c>[out, in]</c> (<paramref name="transposed"/>, Gemm transB = 1) or <c>[in, out]</c>.</summary>
    private string? Dense(OnnxNode node, string where, OnnxTensor weight, bool transposed, OnnxTensor? bias, OnnxNode? biasNode)
    {
        var outFeatures = transposed ? weight.Dims[0] : weight.Dims[1];
        var inFeatures = transposed ? weight.Dims[1] : weight.Dims[0];
        var values = transposed ? weight.Floats! : Transpose(weight.Floats!, inFeatures, outFeatures);
        if (bias is not null && bias.ElementCount != outFeatures)
        {
            return $"node {where} adds a bias of {bias.ElementCount} values to {outFeatures} outputs; UnIT's Dense adds one bias per output";
        }

        var name = LayerName(node, weight.Name, bias?.Name, "dense", biasNode);
        AddTensor(weight, name + ".weight", values, [outFeatures, inFeatures]);
        if (bias is not null)
        {
            AddTensor(bias, name + ".bias", bias.Floats!, [outFeatures]);
        }

        return Add(new DenseLayer(name, outFeatures, PruningSettings.Default) { HasBias = bias is not null }, where);
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
