using UnIT.Model;

namespace UnIT.Kernels;

/// <summary>
/// Bytes of MSP430 code per layer, as the C export compiles (clang-14 <c>--target=msp430 -O2</c>): every conv/dense
/// layer runs a table-driven kernel, so its code does not grow with its weights and one figure per kernel form holds
/// for any shape. The figures are the layer functions' symbol sizes in the compiled MNIST sample classes (means over
/// the classes that use the form), plus the 18 bytes each layer adds to <c>&lt;Net&gt;_infer</c> (its call and the
/// <c>layer_done</c> hook). A test compiles every sample class and holds each class's flash estimate within 10 % of its
/// object's <c>.text+.rodata</c> and each layer within 200 bytes (clang's register and inlining choices move one
/// function by up to that) or 12 % (docs/memory.md, "Code").
/// </summary>
public static class CodeSize
{
    /// <summary>What each layer adds to <c>&lt;Net&gt;_infer</c>: the call of its function and of the <c>layer_done</c> hook.</summary>
    public const int PerLayerCall = 18;

    /// <summary>Code bytes of a layer without weights (ReLU, pooling, Flatten; a folded BatchNorm has none).</summary>
    public static int LayerBytes(LayerKind kind) => kind == LayerKind.BatchNorm ? 0 : PerLayerCall + kind switch
    {
        LayerKind.ReLU => 31,

        // One rolled loop over output positions with the window unrolled; 284–560 B measured (2×2 windows). Average
        // pooling is not in the sample classes: its loop is the same with a sum and one division call.
        LayerKind.MaxPool1d or LayerKind.MaxPool2d or LayerKind.AvgPool2d => 390,
        _ => 0,
    };

    /// <summary>Code bytes of a conv/dense layer's kernel function.</summary>
    /// <param name="implementation">The kernel (not <see cref="KernelImplementation.Auto"/>).</param>
    /// <param name="division">The layer's quotient approximation (input-stationary kernels inline it).</param>
    /// <param name="inputStationary">Whether the kernel scatters (Sorted, Bucketed, Gather on a dense layer).</param>
    /// <param name="dense">A dense layer (one fan-out list per input, no window tests).</param>
    public static int MacLayerBytes(KernelImplementation implementation, DivisionApproximation division, bool inputStationary, bool dense)
    {
        if (!inputStationary)
        {
            // Output-stationary: one MACS loop per output over the channel's taps; a convolution adds the window tests
            // and Gather the |a| > τ test (measured 252–428 B; Dense on a convolution is not in the sample classes).
            return PerLayerCall + (dense ? 290 : 370);
        }

        if (dense)
        {
            // One list walk per input; Bucketed reads its band from the count tables instead of comparing keys.
            return PerLayerCall + (implementation == KernelImplementation.Bucketed ? 560 : 720);
        }

        // A convolution walks interior pixels without tests and border pixels with window tests (Sorted) or per-tap
        // lists (Bucketed, whose bands need a second quotient: the Exact and FloatBits ones are long sequences; clang
        // keeps the FloatBits quotient out of line, 282 B, counted here with the layer).
        return PerLayerCall + (implementation == KernelImplementation.Bucketed
            ? division switch
            {
                DivisionApproximation.Exact => 1734,
                DivisionApproximation.FloatBits => 1763,
                DivisionApproximation.Pow2 => 935,
                _ => 1020,
            }
            : division switch
            {
                DivisionApproximation.Exact => 1014,
                DivisionApproximation.FloatBits => 1041,
                DivisionApproximation.Pow2 => 941,
                _ => 1030,
            });
    }
}
