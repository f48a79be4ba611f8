namespace UnIT.Onnx;

/// <summary>
/// The part of an ONNX model UnIT reads: the main graph's nodes in file order (ONNX requires topological order), its
/// initializers (weights, biases, BatchNorm statistics) and its first real input's shape. Everything else in the file
/// (doc strings, metadata, value_info, functions, subgraphs) is skipped.
/// </summary>
public sealed class OnnxGraph
{
    internal OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxTensor> initializers, string? inputName, IReadOnlyList<long>? inputShape)
    {
        Nodes = nodes;
        Initializers = initializers;
        InputName = inputName;
        InputShape = inputShape;
    }

    /// <summary>The nodes in file order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>The initializers in file order.</summary>
    public IReadOnlyList<OnnxTensor> Initializers { get; }

    /// <summary>The graph input that is not an initializer (the data), or null when there is none.</summary>
    public string? InputName { get; }

    /// <summary>That input's dimensions (batch first); -1 for a symbolic dimension; null when unknown.</summary>
    public IReadOnlyList<long>? InputShape { get; }
}

/// <summary>One node of the graph.</summary>
/// <param name="Name">The node's name (PyTorch writes its module scope: <c>/conv1/Conv</c>); may be empty.</param>
/// <param name="OpType">The operator (<c>Conv</c>, <c>Gemm</c>, …).</param>
/// <param name="Domain">The operator set domain; empty for the default ONNX domain.</param>
/// <param name="Inputs">Input value names; an empty name is an omitted optional input.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">Attributes by name.</param>
public sealed record OnnxNode(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    /// <summary>The node as messages name it: <c>'/conv1/Conv' (Conv)</c>, or <c>Conv node #3</c> when it has no name.</summary>
    public string Describe(int index) => Name.Length > 0 ? $"'{Name}' ({OpType})" : $"{OpType} node #{index + 1}";

    /// <summary>An int attribute, or <paramref name="fallback"/> when it is absent.</summary>
    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Int is { } value ? value : fallback;

    /// <summary>A float attribute, or <paramref name="fallback"/> when it is absent.</summary>
    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Float is { } value ? value : fallback;

    /// <summary>An ints attribute, or null when it is absent.</summary>
    public IReadOnlyList<long>? Ints(string name) => Attributes.TryGetValue(name, out var a) ? a.Ints : null;

    /// <summary>A string attribute, or null when it is absent.</summary>
    public string? Text(string name) => Attributes.TryGetValue(name, out var a) ? a.Text : null;
}

/// <summary>One node attribute; only the value its type carries is set.</summary>
public sealed record OnnxAttribute(string Name, long? Int, float? Float, IReadOnlyList<long>? Ints, string? Text, OnnxTensor? Tensor);

/// <summary>An ONNX tensor element type (<c>TensorProto.DataType</c>).</summary>
public enum OnnxDataType
{
    /// <summary>Not set.</summary>
    Undefined = 0,

    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,

    /// <summary>String.</summary>
    String = 8,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>IEEE half precision.</summary>
    Float16 = 10,

    /// <summary>64-bit float.</summary>
    Double = 11,
}

/// <summary>
/// A tensor's values, decoded to float32 (weights) or int64 (shape constants); which one is set depends on
/// <see cref="DataType"/>. Other types are refused when the tensor is read.
/// </summary>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<int> Dims, float[]? Floats, long[]? Int64s)
{
    /// <summary>The number of elements: the product of <see cref="Dims"/>.</summary>
    public int ElementCount => Dims.Aggregate(1, (product, d) => product * d);
}
