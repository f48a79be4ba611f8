namespace UnIT.NumPy;

/// <summary>
/// The element types a weight file may hold. All are stored little-endian (NumPy's <c>descr</c> strings
/// <c>&lt;f4 &lt;f8 |i1 &lt;i2 &lt;i4 |u1</c>); anything else is rejected with a fix rather than guessed at.
/// </summary>
public enum NumPyDType
{
    /// <summary>IEEE-754 single precision, descr <c>&lt;f4</c> (what PyTorch and Keras export).</summary>
    Float32,

    /// <summary>IEEE-754 double precision, descr <c>&lt;f8</c> (NumPy's default float).</summary>
    Float64,

    /// <summary>Signed 8-bit integer, descr <c>|i1</c>.</summary>
    Int8,

    /// <summary>Signed 16-bit integer, descr <c>&lt;i2</c> (Q15 tensors).</summary>
    Int16,

    /// <summary>Signed 32-bit integer, descr <c>&lt;i4</c>.</summary>
    Int32,

    /// <summary>Unsigned 8-bit integer, descr <c>|u1</c> (images).</summary>
    UInt8,
}

/// <summary>Facts about each <see cref="NumPyDType"/>: size, NumPy descr and NumPy type name.</summary>
public static class NumPyDTypeInfo
{
    /// <summary>The supported dtypes as a human-readable list, used in error messages.</summary>
    public const string SupportedList =
        "float32 '<f4', float64 '<f8', int8 '|i1', int16 '<i2', int32 '<i4', uint8 '|u1'";

    /// <summary>Bytes per element.</summary>
    public static int ItemSize(this NumPyDType dtype) => dtype switch
    {
        NumPyDType.Float32 => 4,
        NumPyDType.Float64 => 8,
        NumPyDType.Int8 => 1,
        NumPyDType.Int16 => 2,
        NumPyDType.Int32 => 4,
        NumPyDType.UInt8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown NumPy dtype."),
    };

    /// <summary>The <c>descr</c> string NumPy writes for this dtype (<c>&lt;f4</c>, <c>|i1</c>, ...).</summary>
    public static string Descr(this NumPyDType dtype) => dtype switch
    {
        NumPyDType.Float32 => "<f4",
        NumPyDType.Float64 => "<f8",
        NumPyDType.Int8 => "|i1",
        NumPyDType.Int16 => "<i2",
        NumPyDType.Int32 => "<i4",
        NumPyDType.UInt8 => "|u1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown NumPy dtype."),
    };

    /// <summary>NumPy's name for the dtype (<c>float32</c>, <c>int16</c>, ...), as users know it.</summary>
    public static string TypeName(this NumPyDType dtype) => dtype switch
    {
        NumPyDType.Float32 => "float32",
        NumPyDType.Float64 => "float64",
        NumPyDType.Int8 => "int8",
        NumPyDType.Int16 => "int16",
        NumPyDType.Int32 => "int32",
        NumPyDType.UInt8 => "uint8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown NumPy dtype."),
    };

    /// <summary>True for <see cref="NumPyDType.Float32"/> and <see cref="NumPyDType.Float64"/>.</summary>
    public static bool IsFloatingPoint(this NumPyDType dtype) => dtype is NumPyDType.Float32 or NumPyDType.Float64;
}
