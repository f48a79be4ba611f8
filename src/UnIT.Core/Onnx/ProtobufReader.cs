using System.Text;

namespace UnIT.Onnx;

/// <summary>
/// Reads the protobuf wire format (varints, fixed 32/64-bit, length-delimited fields) from one message's bytes. The
/// few ONNX messages UnIT needs are decoded by hand with it (<see cref="OnnxModelReader"/>) instead of with
/// Google.Protobuf or OnnxSharp: this code runs inside the compiler (netstandard2.0 source generator) and must load no
/// assembly besides UnIT.Core, and the subset is small.
/// </summary>
/// <remarks>
/// Every length is checked against the bytes that are left, so a damaged file fails with <see cref="ProtobufException"/>
/// and never allocates more than the file's own size.
/// </remarks>
internal struct ProtobufReader
{
    private readonly byte[] _bytes;
    private readonly int _end;
    private int _position;

    public ProtobufReader(byte[] bytes, int start, int end)
    {
        _bytes = bytes;
        _position = start;
        _end = end;
    }

    /// <summary>Whether the message has more fields.</summary>
    public readonly bool HasMore => _position < _end;

    /// <summary>The byte offset of the next field in the whole file, for error messages.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next field's key: its number and wire type.</summary>
    public (int Field, WireType Type) ReadKey()
    {
        var key = ReadVarint();
        var field = key >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw new ProtobufException($"field number {field} at byte {_position} is not valid");
        }

        var type = (WireType)(key & 7);
        if (type is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new ProtobufException($"wire type {(int)type} of field {field} at byte {_position} is not one protobuf 3 writes");
        }

        return ((int)field, type);
    }

    /// <summary>Reads a varint (up to 10 bytes).</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end)
            {
                throw new ProtobufException("a number is cut off at the end of the data");
            }

            var b = _bytes[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new ProtobufException($"a number at byte {_position} is longer than 10 bytes");
    }

    /// <summary>Reads a varint-encoded int64.</summary>
    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>Reads a little-endian 32-bit float.</summary>
    public float ReadFloat()
    {
        Require(4);
        var value = BitConverter.ToSingle(LittleEndian(_bytes, _position, 4), 0);
        _position += 4;
        return value;
    }

    /// <summary>Reads a length-delimited field's extent as a reader of its own.</summary>
    public ProtobufReader ReadMessage()
    {
        var length = ReadLength();
        var message = new ProtobufReader(_bytes, _position, _position + length);
        _position += length;
        return message;
    }

    /// <summary>Reads a length-delimited field as bytes.</summary>
    public byte[] ReadBytes()
    {
        var length = ReadLength();
        var bytes = new byte[length];
        Buffer.BlockCopy(_bytes, _position, bytes, 0, length);
        _position += length;
        return bytes;
    }

    /// <summary>Reads a length-delimited field as UTF-8 text.</summary>
    public string ReadString()
    {
        var length = ReadLength();
        var text = Encoding.UTF8.GetString(_bytes, _position, length);
        _position += length;
        return text;
    }

    /// <summary>Skips a field of any wire type.</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Require(8);
                _position += 8;
                break;
            case WireType.Fixed32:
                Require(4);
                _position += 4;
                break;
            default:
                // Not `_position += ReadLength()`: that adds to the position from before the length was read.
                var length = ReadLength();
                _position += length;
                break;
        }
    }

    /// <summary>Adds a repeated int64 field's values, packed (one length-delimited run) or not (one varint).</summary>
    public void ReadInt64s(WireType type, List<long> values)
    {
        if (type == WireType.Varint)
        {
            values.Add(ReadInt64());
            return;
        }

        RequireType(type, WireType.LengthDelimited);
        var packed = ReadMessage();
        while (packed.HasMore)
        {
            values.Add(packed.ReadInt64());
        }
    }

    /// <summary>Adds a repeated float field's values, packed or not.</summary>
    public void ReadFloats(WireType type, List<float> values)
    {
        if (type == WireType.Fixed32)
        {
            values.Add(ReadFloat());
            return;
        }

        RequireType(type, WireType.LengthDelimited);
        var packed = ReadMessage();
        while (packed.HasMore)
        {
            values.Add(packed.ReadFloat());
        }
    }

    /// <summary>Adds a repeated double field's values, packed or not.</summary>
    public void ReadDoubles(WireType type, List<double> values)
    {
        if (type == WireType.Fixed64)
        {
            values.Add(ReadDouble());
            return;
        }

        RequireType(type, WireType.LengthDelimited);
        var packed = ReadMessage();
        while (packed.HasMore)
        {
            values.Add(packed.ReadDouble());
        }
    }

    /// <summary>Checks a field's wire type against the one its schema gives it.</summary>
    public readonly void RequireType(WireType actual, WireType expected)
    {
        if (actual != expected)
        {
            throw new ProtobufException($"a field before byte {_position} has wire type {actual}, where the ONNX schema has {expected}");
        }
    }

    private double ReadDouble()
    {
        Require(8);
        var value = BitConverter.ToDouble(LittleEndian(_bytes, _position, 8), 0);
        _position += 8;
        return value;
    }

    private int ReadLength()
    {
        var start = _position;
        var length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw new ProtobufException($"a field at byte {start} claims {length} bytes, but only {_end - _position} are left: the data is cut off or damaged");
        }

        return (int)length;
    }

    private readonly void Require(int count)
    {
        if (_end - _position < count)
        {
            throw new ProtobufException($"a {count}-byte value at byte {_position} is cut off at the end of the data");
        }
    }

    /// <summary>A little-endian value's bytes in the machine's order, for BitConverter.</summary>
    internal static byte[] LittleEndian(byte[] bytes, int start, int count)
    {
        var copy = new byte[count];
        Buffer.BlockCopy(bytes, start, copy, 0, count);
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(copy);
        }

        return copy;
    }
}

/// <summary>The protobuf wire types UnIT reads.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>The bytes are not valid protobuf; <see cref="OnnxModelReader"/> turns it into a weight-file error.</summary>
internal sealed class ProtobufException(string message) : Exception(message);
