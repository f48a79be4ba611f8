using UnIT.NumPy;

namespace UnIT.Onnx;

/// <summary>Reading one <c>TensorProto</c>: its dimensions, its data in any of the encodings ONNX allows, and the checks that its data fits them.</summary>
public static partial class OnnxModelReader
{
    private static OnnxTensor ReadTensor(ref ProtobufReader tensor, string fileName)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        var doubles = new List<double>();
        var int64s = new List<long>();
        var dataType = OnnxDataType.Undefined;
        var name = string.Empty;
        byte[]? raw = null;
        var external = false;
        while (tensor.HasMore)
        {
            var (field, type) = tensor.ReadKey();
            switch (field)
            {
                case TensorDims:
                    tensor.ReadInt64s(type, dims);
                    if (dims.Count > MaxRank)
                    {
                        throw new ProtobufException($"a tensor has more than {MaxRank} dimensions");
                    }

                    break;
                case TensorDataType:
                    tensor.RequireType(type, WireType.Varint);
                    var code = tensor.ReadInt64();
                    dataType = code is >= 0 and <= 64 ? (OnnxDataType)code : (OnnxDataType)(-1);
                    break;
                case TensorName:
                    tensor.RequireType(type, WireType.LengthDelimited);
                    name = tensor.ReadString();
                    break;
                case TensorRawData:
                    tensor.RequireType(type, WireType.LengthDelimited);
                    raw = tensor.ReadBytes();
                    break;
                case TensorFloatData:
                    tensor.ReadFloats(type, floats);
                    break;
                case TensorDoubleData:
                    tensor.ReadDoubles(type, doubles);
                    break;
                case TensorInt64Data:
                    tensor.ReadInt64s(type, int64s);
                    break;
                case TensorExternalData:
                    external = true;
                    tensor.Skip(type);
                    break;
                case TensorDataLocation:
                    tensor.RequireType(type, WireType.Varint);
                    external |= tensor.ReadInt64() == 1;
                    break;
                case TensorSegment:
                    throw new NumPyFormatException(fileName, name.Length > 0 ? name : null, "the tensor is split into segments, which UnIT does not read",
                        "save the model with onnx.save in one piece");
                default:
                    tensor.Skip(type);
                    break;
            }
        }

        var tensorName = name.Length > 0 ? name : null;
        if (external)
        {
            throw new NumPyFormatException(fileName, tensorName,
                "the tensor's data is stored outside the .onnx file (external data), which UnIT does not read",
                "save the model in one file: onnx.save_model(model, 'model.onnx', save_as_external_data=False), or export again with " +
                "torch.onnx.export (models under 2 GB are written in one file)");
        }

        var shape = Dimensions(dims, fileName, tensorName);
        var count = shape.Aggregate(1L, (product, d) => product * d);
        switch (dataType)
        {
            case OnnxDataType.Float:
                return new OnnxTensor(name, dataType, shape, Floats(raw, floats, count, fileName, tensorName), null);
            case OnnxDataType.Double:
                return new OnnxTensor(name, dataType, shape, Doubles(raw, doubles, count, fileName, tensorName), null);
            case OnnxDataType.Int64:
                return new OnnxTensor(name, dataType, shape, null, Int64s(raw, int64s, count, fileName, tensorName));
            default:
                throw new NumPyFormatException(fileName, tensorName, $"the tensor has ONNX data type {Describe(dataType)}, which UnIT does not read as a weight",
                    "export float32 weights: call model.float() before torch.onnx.export (no half precision, no quantized or integer weights)",
                    kind: NumPyProblemKind.UnsupportedDType);
        }
    }

    private static int[] Dimensions(List<long> dims, string fileName, string? tensorName)
    {
        var shape = new int[dims.Count];
        long count = 1;
        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i] < 0 || dims[i] > int.MaxValue || (count *= Math.Max(1, dims[i])) > int.MaxValue)
            {
                throw new NumPyFormatException(fileName, tensorName,
                    $"the tensor's dimensions ({string.Join(", ", dims)}) are negative or larger than one array can hold", ExportAgain);
            }

            shape[i] = (int)dims[i];
        }

        return shape;
    }

    private static float[] Floats(byte[]? raw, List<float> values, long count, string fileName, string? tensorName)
    {
        if (raw is not null)
        {
            RequireRawLength(raw, 4, count, fileName, tensorName);
            var result = new float[count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = BitConverter.ToSingle(ProtobufReader.LittleEndian(raw, i * 4, 4), 0);
            }

            return result;
        }

        RequireCount(values.Count, count, fileName, tensorName);
        return values.ToArray();
    }

    private static float[] Doubles(byte[]? raw, List<double> values, long count, string fileName, string? tensorName)
    {
        if (raw is not null)
        {
            RequireRawLength(raw, 8, count, fileName, tensorName);
            var result = new float[count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = (float)BitConverter.ToDouble(ProtobufReader.LittleEndian(raw, i * 8, 8), 0);
            }

            return result;
        }

        RequireCount(values.Count, count, fileName, tensorName);
        return values.Select(v => (float)v).ToArray();
    }

    private static long[] Int64s(byte[]? raw, List<long> values, long count, string fileName, string? tensorName)
    {
        if (raw is not null)
        {
            RequireRawLength(raw, 8, count, fileName, tensorName);
            var result = new long[count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = BitConverter.ToInt64(ProtobufReader.LittleEndian(raw, i * 8, 8), 0);
            }

            return result;
        }

        RequireCount(values.Count, count, fileName, tensorName);
        return values.ToArray();
    }

    private static void RequireRawLength(byte[] raw, int size, long count, string fileName, string? tensorName)
    {
        if (raw.Length != count * size)
        {
            throw new NumPyFormatException(fileName, tensorName,
                $"shape/size mismatch: {count} elements of {size} bytes need {count * size} bytes, but raw_data has {raw.Length}", ExportAgain);
        }
    }

    private static void RequireCount(int actual, long count, string fileName, string? tensorName)
    {
        if (actual != count)
        {
            throw new NumPyFormatException(fileName, tensorName,
                actual == 0 ? $"the tensor has no data for its {count} elements" : $"shape/size mismatch: the shape needs {count} values, but the tensor holds {actual}",
                ExportAgain);
        }
    }

    private static string Describe(OnnxDataType type) => type switch
    {
        OnnxDataType.Undefined => "0 (not set)",
        OnnxDataType.Float16 => "FLOAT16 (half precision)",
        OnnxDataType.String => "STRING",
        (OnnxDataType)16 => "BFLOAT16",
        (OnnxDataType)(-1) => "(an unknown code)",
        _ when Enum.IsDefined(typeof(OnnxDataType), type) => type.ToString().ToUpperInvariant(),
        _ => $"code {(int)type}",
    };
}
