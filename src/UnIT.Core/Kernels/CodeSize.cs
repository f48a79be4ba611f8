using UnIT.Model;
using UnIT.Semantics;

namespace UnIT.Kernels;

/// <summary>
/// Bytes of MSP430 code per layer, as the C export compiles (clang-14 <c>--target=msp430 -O2</c>): every conv/dense
/// layer runs a table-driven kernel, so its code does not grow with its weights and one figure per kernel form holds
/// for any shape. The figures are the layer functions' symbol sizes in the compiled MNIST sample classes (means over
/// the classes that use the form), plus the 18 bytes each layer adds to <c>&lt;Net&gt;_infer</c> (its call and the
/// <c>layer_done</c> hook). Pooling's figure follows its window (<see cref="PoolBytes"/>). A test compiles every Q15
/// sample class and holds each class's flash estimate within 5 % of its object's <c>.text+.rodata</c> and each layer
/// within 200 bytes (clang's register and inlining choices move one function by up to that) or 12 % (docs/memory.md,
/// "Code and tables").
/// </summary>
public static class CodeSize
{
    /// <summary>What each layer adds to <c>&lt;Net&gt;_infer</c>: the call of its function and of the <c>layer_done</c> hook.</summary>
    public const int PerLayerCall = 18;

    /// <summary>
    /// Code bytes of a layer without weights: ReLU, pooling (by its shape, <see cref="PoolBytes"/>) and Flatten; a folded
    /// BatchNorm has none.
    /// </summary>
    /// <param name="network">The network, whose first average-pooling layer also counts the shared <c>unit_average</c>.</param>
    /// <param name="shapes">Every layer's shapes (<see cref="NetworkShapes.Infer"/>).</param>
    /// <param name="index">The layer's declaration index.</param>
    public static int LayerBytes(NetworkDefinition network, IReadOnlyList<LayerShapes> shapes, int index) => network.Layers[index] switch
    {
        BatchNormLayer => 0,
        ReluLayer => PerLayerCall + 31,
        PoolingLayer pool => PerLayerCall + PoolBytes(pool, shapes[index], countsAverageHelper: CallsAverageHelper(pool)
            && index == IndexOfFirstAveragePool(network)),
        _ => PerLayerCall,
    };

    /// <summary>
    /// Code bytes of a pooling function. Its window is unrolled and every loop kept rolled (<c>UNIT_NO_UNROLL</c>), so
    /// the code depends on the window alone (a channel or row loop of one trip is no loop at all). A max pool holds 4 B,
    /// 29 per rolled loop step (channels, rows), the column loop's 32 and 10 per window element after the first (load,
    /// compare, branch, move): within 10 B of the compiled 2-, 4- and 9-element windows (134 B for the samples' 2x2).
    /// </summary>
    /// <param name="pool">The pooling layer.</param>
    /// <param name="shapes">Its input and output shapes (a 1-D pool has one row).</param>
    /// <param name="countsAverageHelper">Whether an average pool also counts <c>unit_average</c> (once per network).</param>
    public static int PoolBytes(PoolingLayer pool, LayerShapes shapes, bool countsAverageHelper)
    {
        var window = pool.KernelHeight * pool.KernelWidth;
        if (!pool.IsMax && !CallsAverageHelper(pool))
        {
            // A power-of-two window: the quotient is a shift, and the C keeps every loop rolled (UNIT_NO_UNROLL), so
            // only the window counts (394 B for the DS-CNN's 2x2 average).
            return AverageShiftLoop + (AverageShiftElement * (window - 1));
        }

        if (!pool.IsMax)
        {
            // Each element sign-extends into a 32-bit sum; the quotient is unit_average, which clang inlines into its
            // only caller (measured at 740 B for a 2x2 window before power-of-two windows took the shift). A second
            // such layer calls the shared copy and is counted without it.
            return AverageLoop + (AverageElement * (window - 1)) + (countsAverageHelper ? AverageHelper : 0);
        }

        var channels = shapes.Input[0];
        var rows = shapes.Output.Rank == 3 ? shapes.Output[1] : 1;
        var rolledLoops = (channels > 1 ? 1 : 0) + (rows > 1 ? 1 : 0);
        return 4 + (29 * rolledLoops) + 32 + (10 * (window - 1));
    }

    /// <summary>Whether an average pool's quotient calls <c>unit_average</c>: a window that is not a power of two (the C shifts otherwise).</summary>
    private static bool CallsAverageHelper(PoolingLayer pool) => !pool.IsMax && Q15.AverageShift(pool.KernelHeight * pool.KernelWidth) is null;

    /// <summary>A power-of-two average pool's rolled loops, its first window element and the shift, rounding and saturation.</summary>
    private const int AverageShiftLoop = 286;

    /// <summary>
    /// Each further element of a power-of-two average pool (from the listing): the load, the 32-bit add with its carry,
    /// and the sign word clang spells as a byte swap and seven shifts: 16 instructions, 36 B.
    /// </summary>
    private const int AverageShiftElement = 36;

    /// <summary>An average pool's rolled loops, its call of <c>unit_average</c> and its first window element.</summary>
    private const int AverageLoop = 115;

    /// <summary>Each further window element of an average pool: a load sign-extended into the 32-bit sum.</summary>
    private const int AverageElement = 47;

    /// <summary><c>unit_average</c> with its two restoring divisions (464–478 B out of line), shared by the network.</summary>
    private const int AverageHelper = 470;

    private static int IndexOfFirstAveragePool(NetworkDefinition network)
    {
        for (var i = 0; i < network.Layers.Count; i++)
        {
            if (network.Layers[i] is PoolingLayer pool && CallsAverageHelper(pool))
            {
                return i;
            }
        }

        return -1;
    }

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
        // lists (Bucketed, whose bands need a second quotient: the Exact and FloatBits ones are long sequences). The C
        // forces every quotient inline, so the interior and border walks each carry a copy.
        return PerLayerCall + (implementation == KernelImplementation.Bucketed
            ? division switch
            {
                DivisionApproximation.Exact => 1734,
                DivisionApproximation.FloatBits => 1876,
                DivisionApproximation.Pow2 => 935,
                _ => 1020,
            }
            : division switch
            {
                DivisionApproximation.Exact => 1014,
                DivisionApproximation.FloatBits => 1132,
                DivisionApproximation.Pow2 => 941,
                _ => 1030,
            });
    }
}
