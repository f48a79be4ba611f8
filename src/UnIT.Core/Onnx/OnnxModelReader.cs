using UnIT.NumPy;

namespace UnIT.Onnx;

/// <summary>
/// Reads an ONNX model file (<c>ModelProto</c>) into an <see cref="OnnxGraph"/>. Every failure is a
/// <see cref="NumPyFormatException"/> (the weight-file error type, whatever the format), so the generator, the runtime
/// and the CLI report a damaged ONNX file exactly as they report a damaged <c>.npz</c>.
/// </summary>
public static partial class OnnxModelReader
{
    // Field numbers from onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
    private const int ModelGraph = 7;
    private const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphSparseInitializer = 15;
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5, NodeDomain = 7;
    private const int AttributeName = 1, AttributeFloat = 2, AttributeInt = 3, AttributeString = 4, AttributeTensor = 5, AttributeInts = 8;
    private const int TensorDims = 1, TensorDataType = 2, TensorSegment = 3, TensorFloatData = 4, TensorInt64Data = 7,
        TensorName = 8, TensorRawData = 9, TensorDoubleData = 10, TensorExternalData = 13, TensorDataLocation = 14;
    private const int ValueInfoName = 1, ValueInfoType = 2, TypeTensor = 1, TensorTypeShape = 2, ShapeDim = 1, DimValue = 1;

    private const int MaxRank = 8;

    private const string ExportAgain =
        "export the model again with torch.onnx.export (or onnx.save) and copy the whole file; a cut-off download or copy leaves a damaged file";

    /// <summary>Whether a file is taken for ONNX: its name ends with <c>.onnx</c>, or it starts like a <c>ModelProto</c> (field 1, ir_version).</summary>
    public static bool LooksLikeOnnx(ReadOnlySpan<byte> bytes, string fileName) =>
        fileName.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || (bytes.Length > 1 && bytes[0] == 0x08 && bytes[1] is > 0 and < 0x80);

    /// <summary>Parses an ONNX model held in memory.</summary>
    /// <exception cref="NumPyFormatException">The file is not valid ONNX, keeps its data outside the file, or holds a tensor UnIT cannot read.</exception>
    public static OnnxGraph Read(byte[] bytes, string fileName)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        if (bytes.Length == 0)
        {
            throw new NumPyFormatException(fileName, null, "the file is empty (0 bytes)", ExportAgain);
        }

        try
        {
            var model = new ProtobufReader(bytes, 0, bytes.Length);
            OnnxGraph? graph = null;
            while (model.HasMore)
            {
                var (field, type) = model.ReadKey();
                if (field == ModelGraph)
                {
                    model.RequireType(type, WireType.LengthDelimited);
                    var graphReader = model.ReadMessage();
                    graph = ReadGraph(ref graphReader, fileName);
                }
                else
                {
                    model.Skip(type);
                }
            }

            return graph ?? throw new NumPyFormatException(fileName, null, "the ONNX model has no graph",
                "export the model with torch.onnx.export; a file without a graph holds no network");
        }
        catch (ProtobufException e)
        {
            throw new NumPyFormatException(fileName, null, $"not a valid ONNX file: {e.Message}", ExportAgain, e);
        }
    }

    private static OnnxGraph ReadGraph(ref ProtobufReader graph, string fileName)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<(string Name, IReadOnlyList<long>? Shape)>();
        while (graph.HasMore)
        {
            var (field, type) = graph.ReadKey();
            switch (field)
            {
                case GraphNode:
                    graph.RequireType(type, WireType.LengthDelimited);
                    var node = graph.ReadMessage();
                    nodes.Add(ReadNode(ref node, fileName));
                    break;
                case GraphInitializer:
                    graph.RequireType(type, WireType.LengthDelimited);
                    var tensor = graph.ReadMessage();
                    initializers.Add(ReadTensor(ref tensor, fileName));
                    break;
                case GraphInput:
                    graph.RequireType(type, WireType.LengthDelimited);
                    var input = graph.ReadMessage();
                    inputs.Add(ReadValueInfo(ref input));
                    break;
                case GraphSparseInitializer:
                    throw new NumPyFormatException(fileName, null, "the graph has a sparse initializer, which UnIT does not read",
                        "export dense weights (torch.onnx.export writes dense initializers)", kind: NumPyProblemKind.UnsupportedDType);
                default:
                    graph.Skip(type);
                    break;
            }
        }

        var initializerNames = new HashSet<string>(initializers.Select(t => t.Name), StringComparer.Ordinal);
        var data = inputs.FirstOrDefault(i => !initializerNames.Contains(i.Name));
        return new OnnxGraph(nodes, initializers, data.Name, data.Shape);
    }

    private static OnnxNode ReadNode(ref ProtobufReader node, string fileName)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = string.Empty, opType = string.Empty, domain = string.Empty;
        while (node.HasMore)
        {
            var (field, type) = node.ReadKey();
            switch (field)
            {
                case NodeInput:
                    node.RequireType(type, WireType.LengthDelimited);
                    inputs.Add(node.ReadString());
                    break;
                case NodeOutput:
                    node.RequireType(type, WireType.LengthDelimited);
                    outputs.Add(node.ReadString());
                    break;
                case NodeName:
                    node.RequireType(type, WireType.LengthDelimited);
                    name = node.ReadString();
                    break;
                case NodeOpType:
                    node.RequireType(type, WireType.LengthDelimited);
                    opType = node.ReadString();
                    break;
                case NodeDomain:
                    node.RequireType(type, WireType.LengthDelimited);
                    domain = node.ReadString();
                    break;
                case NodeAttribute:
                    node.RequireType(type, WireType.LengthDelimited);
                    var attribute = node.ReadMessage();
                    var read = ReadAttribute(ref attribute, fileName);
                    attributes[read.Name] = read;
                    break;
                default:
                    node.Skip(type);
                    break;
            }
        }

        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ref ProtobufReader attribute, string fileName)
    {
        string name = string.Empty;
        long? integer = null;
        float? single = null;
        List<long>? ints = null;
        string? text = null;
        OnnxTensor? tensor = null;
        while (attribute.HasMore)
        {
            var (field, type) = attribute.ReadKey();
            switch (field)
            {
                case AttributeName:
                    attribute.RequireType(type, WireType.LengthDelimited);
                    name = attribute.ReadString();
                    break;
                case AttributeFloat:
                    attribute.RequireType(type, WireType.Fixed32);
                    single = attribute.ReadFloat();
                    break;
                case AttributeInt:
                    attribute.RequireType(type, WireType.Varint);
                    integer = attribute.ReadInt64();
                    break;
                case AttributeString:
                    attribute.RequireType(type, WireType.LengthDelimited);
                    text = attribute.ReadString();
                    break;
                case AttributeTensor:
                    attribute.RequireType(type, WireType.LengthDelimited);
                    var value = attribute.ReadMessage();
                    tensor = ReadTensor(ref value, fileName);
                    break;
                case AttributeInts:
                    ints ??= new List<long>();
                    attribute.ReadInt64s(type, ints);
                    if (ints.Count > MaxRank * 2)
                    {
                        throw new ProtobufException($"attribute '{name}' has {ints.Count} integers, more than any operator UnIT reads takes");
                    }

                    break;
                default:
                    attribute.Skip(type);
                    break;
            }
        }

        return new OnnxAttribute(name, integer, single, ints, text, tensor);
    }

    private static (string Name, IReadOnlyList<long>? Shape) ReadValueInfo(ref ProtobufReader info)
    {
        var name = string.Empty;
        List<long>? shape = null;
        while (info.HasMore)
        {
            var (field, type) = info.ReadKey();
            if (field == ValueInfoName && type == WireType.LengthDelimited)
            {
                name = info.ReadString();
            }
            else if (field == ValueInfoType && type == WireType.LengthDelimited)
            {
                var typeProto = info.ReadMessage();
                shape = ReadTensorTypeShape(ref typeProto);
            }
            else
            {
                info.Skip(type);
            }
        }

        return (name, shape);
    }

    /// <summary>TypeProto.tensor_type.shape.dim[].dim_value (-1 for a symbolic dim_param); null when the type has no shape.</summary>
    private static List<long>? ReadTensorTypeShape(ref ProtobufReader typeProto)
    {
        List<long>? shape = null;
        while (typeProto.HasMore)
        {
            var (field, type) = typeProto.ReadKey();
            if (field != TypeTensor || type != WireType.LengthDelimited)
            {
                typeProto.Skip(type);
                continue;
            }

            var tensorType = typeProto.ReadMessage();
            while (tensorType.HasMore)
            {
                var (tensorField, tensorWire) = tensorType.ReadKey();
                if (tensorField != TensorTypeShape || tensorWire != WireType.LengthDelimited)
                {
                    tensorType.Skip(tensorWire);
                    continue;
                }

                shape = new List<long>();
                var shapeProto = tensorType.ReadMessage();
                while (shapeProto.HasMore)
                {
                    var (shapeField, shapeWire) = shapeProto.ReadKey();
                    if (shapeField != ShapeDim || shapeWire != WireType.LengthDelimited || shape.Count >= MaxRank)
                    {
                        shapeProto.Skip(shapeWire);
                        continue;
                    }

                    var dim = shapeProto.ReadMessage();
                    long value = -1;
                    while (dim.HasMore)
                    {
                        var (dimField, dimWire) = dim.ReadKey();
                        if (dimField == DimValue && dimWire == WireType.Varint)
                        {
                            value = dim.ReadInt64();
                        }
                        else
                        {
                            dim.Skip(dimWire);
                        }
                    }

                    shape.Add(value);
                }
            }
        }

        return shape;
    }
}
