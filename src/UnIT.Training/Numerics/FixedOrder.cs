using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UnIT.Training.Numerics;

/// <summary>
/// Reductions (dot product, sum) whose order of additions depends only on the length of the input.
/// </summary>
/// <remarks>
/// <c>TensorPrimitives.Dot</c> and <c>Sum</c> align their vector loads to the input's memory address, so which
/// elements are added together first — and so the last bits of the result — depends on where the garbage
/// collector placed the array. That would make training irreproducible from run to run. These two loops use
/// four <see cref="Vector{T}"/> accumulators over fixed offsets and a scalar tail instead. Element-wise
/// operations (<c>TensorPrimitives.MultiplyAdd</c>, <c>Add</c>, <c>Multiply</c>) do not have this problem and are
/// used directly.
/// </remarks>
internal static class FixedOrder
{
    /// <summary><c>Σ x[i]·y[i]</c>.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("The spans differ in length.", nameof(y));
        }

        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        var width = Vector<float>.Count;
        var i = 0;
        var sum = 0f;
        if (x.Length >= 4 * width)
        {
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= x.Length - (4 * width); i += 4 * width)
            {
                a0 += Load(ref xs, i) * Load(ref ys, i);
                a1 += Load(ref xs, i + width) * Load(ref ys, i + width);
                a2 += Load(ref xs, i + (2 * width)) * Load(ref ys, i + (2 * width));
                a3 += Load(ref xs, i + (3 * width)) * Load(ref ys, i + (3 * width));
            }

            sum = Vector.Sum((a0 + a1) + (a2 + a3));
        }

        for (; i <= x.Length - width; i += width)
        {
            sum += Vector.Sum(Load(ref xs, i) * Load(ref ys, i));
        }

        for (; i < x.Length; i++)
        {
            sum += Unsafe.Add(ref xs, i) * Unsafe.Add(ref ys, i);
        }

        return sum;
    }

    /// <summary><c>Σ x[i]</c>.</summary>
    public static float Sum(ReadOnlySpan<float> x)
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        var width = Vector<float>.Count;
        var i = 0;
        var sum = 0f;
        if (x.Length >= 2 * width)
        {
            Vector<float> a0 = default, a1 = default;
            for (; i <= x.Length - (2 * width); i += 2 * width)
            {
                a0 += Load(ref xs, i);
                a1 += Load(ref xs, i + width);
            }

            sum = Vector.Sum(a0 + a1);
        }

        for (; i < x.Length; i++)
        {
            sum += Unsafe.Add(ref xs, i);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float start, int offset) => Vector.LoadUnsafe(ref start, (nuint)offset);
}
