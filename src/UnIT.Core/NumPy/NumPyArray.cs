using System.Globalization;
using System.Runtime.InteropServices;
using UnIT.Collections;
using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>
/// One named tensor from a weight file: its shape in C (row-major) order, its dtype and its elements.
/// Arrays saved in Fortran order are converted to C order when read, so <see cref="Shape"/> and the element
/// order always mean what PyTorch means.
/// </summary>
/// <remarks>
/// The elements are kept as little-endian bytes in C order (the <c>.npy</c> payload itself), and converted on
/// request; on a little-endian host a conversion to the stored type is a single memory copy.
/// </remarks>
public sealed class NumPyArray
{
    private readonly byte[] _data;

    private NumPyArray(string name, NumPyDType dtype, int[] shape, int elementCount, byte[] littleEndianData)
    {
        Name = name;
        DType = dtype;
        Shape = shape.ToImmutableEquatableArray();
        ElementCount = elementCount;
        _data = littleEndianData;
    }

    /// <summary>The tensor's name: the <c>state_dict</c> key (<c>conv1.weight</c>), or the file name without <c>.npy</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions in C order; empty for a 0-d (scalar) array.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The element type.</summary>
    public NumPyDType DType { get; }

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a 0-d array, 0 if a dimension is 0).</summary>
    public int ElementCount { get; }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Count;

    /// <summary>The elements as little-endian bytes in C order (the exact <c>.npy</c> payload).</summary>
    internal ReadOnlySpan<byte> LittleEndianData => _data;

    /// <summary>Creates a float32 array; <paramref name="data"/> is copied and must hold exactly the product of <paramref name="shape"/> elements.</summary>
    public static NumPyArray FromSingles(string name, float[] data, params int[] shape) =>
        FromValues<float>(name, NumPyDType.Float32, data, shape);

    /// <summary>Creates a float64 array (data copied, length checked against the shape).</summary>
    public static NumPyArray FromDoubles(string name, double[] data, params int[] shape) =>
        FromValues<double>(name, NumPyDType.Float64, data, shape);

    /// <summary>Creates an int8 array (data copied, length checked against the shape).</summary>
    public static NumPyArray FromInt8s(string name, sbyte[] data, params int[] shape) =>
        FromValues<sbyte>(name, NumPyDType.Int8, data, shape);

    /// <summary>Creates an int16 array (data copied, length checked against the shape).</summary>
    public static NumPyArray FromInt16s(string name, short[] data, params int[] shape) =>
        FromValues<short>(name, NumPyDType.Int16, data, shape);

    /// <summary>Creates an int32 array (data copied, length checked against the shape).</summary>
    public static NumPyArray FromInt32s(string name, int[] data, params int[] shape) =>
        FromValues<int>(name, NumPyDType.Int32, data, shape);

    /// <summary>Creates a uint8 array (data copied, length checked against the shape).</summary>
    public static NumPyArray FromUInt8s(string name, byte[] data, params int[] shape) =>
        FromValues<byte>(name, NumPyDType.UInt8, data, shape);

    /// <summary>
    /// The elements as float32 in C order. float64 values are rounded to the nearest float32; integers are
    /// converted exactly (int32 beyond 2^24 rounds).
    /// </summary>
    public float[] ToSingleArray()
    {
        switch (DType)
        {
            case NumPyDType.Float32:
                return Cast<float>();
            case NumPyDType.Float64:
                return Convert(Cast<double>(), static v => (float)v);
            default:
                return Convert(ToInt32Array(), static v => (float)v);
        }
    }

    /// <summary>The elements as float64 in C order (every supported dtype converts exactly).</summary>
    public double[] ToDoubleArray()
    {
        switch (DType)
        {
            case NumPyDType.Float64:
                return Cast<double>();
            case NumPyDType.Float32:
                return Convert(Cast<float>(), static v => (double)v);
            default:
                return Convert(ToInt32Array(), static v => (double)v);
        }
    }

    /// <summary>The elements of an integer array as int32 in C order.</summary>
    /// <exception cref="InvalidOperationException">The array holds float32 or float64 values.</exception>
    public int[] ToInt32Array()
    {
        switch (DType)
        {
            case NumPyDType.Int32:
                return Cast<int>();
            case NumPyDType.Int16:
                return Convert(Cast<short>(), static v => (int)v);
            case NumPyDType.Int8:
                return Convert(Cast<sbyte>(), static v => (int)v);
            case NumPyDType.UInt8:
                return Convert(_data, static v => (int)v);
            default:
                // Truncating floats silently would hide a wrong tensor; callers must ask for floats.
                throw new InvalidOperationException(
                    $"Tensor '{Name}' holds {DType.TypeName()} values; ToInt32Array converts only integer tensors (use ToSingleArray or ToDoubleArray).");
        }
    }

    /// <summary>
    /// Finds the first NaN or infinity in C order. The reader accepts such values (a file can be valid NumPy and
    /// still hold them); later layers decide whether they are an error and use the index to say where.
    /// </summary>
    /// <param name="firstIndex">The flat C-order index of the first non-finite element, or -1.</param>
    /// <returns>True if a NaN or an infinity was found. Integer arrays never have one.</returns>
    public bool HasNonFinite(out int firstIndex)
    {
        if (DType == NumPyDType.Float32)
        {
            var values = View<float>();
            for (var i = 0; i < values.Length; i++)
            {
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i]))
                {
                    firstIndex = i;
                    return true;
                }
            }
        }
        else if (DType == NumPyDType.Float64)
        {
            var values = View<double>();
            for (var i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i]) || double.IsInfinity(values[i]))
                {
                    firstIndex = i;
                    return true;
                }
            }
        }

        firstIndex = -1;
        return false;
    }

    /// <summary>Formats as <c>conv1.weight float32 (4, 1, 3, 3)</c>.</summary>
    public override string ToString() => $"{Name} {DType.TypeName()} {ShowShape(Shape)}";

    /// <summary>Formats a shape as Python does: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c> (the writers' exact form).</summary>
    internal static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1
            ? "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>A shape as messages quote it: <see cref="FormatShape"/>, cut if long.</summary>
    internal static string ShowShape(IReadOnlyList<int> shape) => Excerpt.Of(FormatShape(shape));

    /// <summary>
    /// The number of elements of <paramref name="shape"/>, or null when a dimension is negative or the count
    /// exceeds what one .NET array can hold.
    /// </summary>
    internal static int? CountElements(IReadOnlyList<long> shape)
    {
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return null;
            }

            if (d == 0)
            {
                return 0;
            }
        }

        var count = 1L;
        foreach (var d in shape)
        {
            count *= d;
            if (count > int.MaxValue)
            {
                return null;
            }
        }

        return (int)count;
    }

    /// <summary>Wraps already validated little-endian C-order bytes (the readers' path: no extra copy).</summary>
    internal static NumPyArray FromTrustedBytes(string name, NumPyDType dtype, int[] shape, int elementCount, byte[] littleEndianData) =>
        new(name, dtype, shape, elementCount, littleEndianData);

    private static NumPyArray FromValues<T>(string name, NumPyDType dtype, T[] data, int[] shape)
        where T : unmanaged
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        shape ??= Array.Empty<int>();
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {ShowShape(shape)} of '{Excerpt.Of(name)}' has a negative dimension.");
            }
        }

        var count = CountElements(shape.Select(d => (long)d).ToArray())
            ?? throw new ArgumentOutOfRangeException(nameof(shape), $"Shape {ShowShape(shape)} of '{Excerpt.Of(name)}' has more than {int.MaxValue} elements.");
        if (data.Length != count)
        {
            throw new ArgumentException(
                $"'{Excerpt.Of(name)}' has {data.Length} values but shape {ShowShape(shape)} needs {count}.", nameof(data));
        }

        var bytes = MemoryMarshal.AsBytes(data.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement(bytes, dtype.ItemSize());
        }

        return new NumPyArray(name, dtype, (int[])shape.Clone(), count, bytes);
    }

    /// <summary>The stored bytes as <typeparamref name="T"/> values: one memory copy on little-endian hosts.</summary>
    private T[] Cast<T>()
        where T : unmanaged => View<T>().ToArray();

    /// <summary>The stored bytes viewed as <typeparamref name="T"/>: no copy on little-endian hosts.</summary>
    private ReadOnlySpan<T> View<T>()
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, T>(_data);
        }

        // Big-endian host: the file is little-endian, so swap each element's bytes in a copy first.
        var swapped = (byte[])_data.Clone();
        ReverseEachElement(swapped, DType.ItemSize());
        return MemoryMarshal.Cast<byte, T>(swapped);
    }

    private static TOut[] Convert<TIn, TOut>(TIn[] values, Func<TIn, TOut> convert)
    {
        var result = new TOut[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }

    private static void ReverseEachElement(byte[] bytes, int itemSize)
    {
        if (itemSize == 1)
        {
            return;
        }

        for (var offset = 0; offset < bytes.Length; offset += itemSize)
        {
            Array.Reverse(bytes, offset, itemSize);
        }
    }
}
