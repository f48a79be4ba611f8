using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Model;
using UnIT.Preparation;
using Xunit;

namespace UnIT.Runtime.Tests;

/// <summary>Tiny networks whose outputs and event counts were worked out by hand.</summary>
public class InterpreterHandComputedTests
{
    // Dense 3 -> 2: W = [[0.5, 0.25, 4], [-1, 0.1, 0.3]], b = [0.1, -0.2], input (1, -2, 0), T = 0.3.
    // o0: |1·0.5| = 0.5 kept, |-2·0.25| = 0.5 kept, a = 0 skipped      -> 0.1 + 0.5 - 0.5      = 0.1
    // o1: |1·-1| = 1 kept,    |-2·0.1| = 0.2 skipped, a = 0 skipped     -> -0.2 - 1             = -1.2
    // Dense (no skipping):                                              -> 0.1, -0.2 - 1 - 0.2   = -1.4
    private static PreparedNetwork TinyDense(float threshold, DivisionApproximation division = DivisionApproximation.Exact) =>
        PreparedNetwork.Prepare(
            new NetworkBuilder("Tiny", TensorShape.Of(3)).Dense("fc", 2).Build(new NetworkOptions { DefaultThreshold = threshold, Division = division }),
            TestWeights.Create(("fc.weight", [0.5f, 0.25f, 4f, -1f, 0.1f, 0.3f], [2, 3]), ("fc.bias", [0.1f, -0.2f], [2])));

    private static readonly float[] Input = [1f, -2f, 0f];

    [Fact]
    public void Gather_on_a_dense_layer_compares_every_weight_of_every_non_zero_input()
    {
        var interpreter = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Gather]);
        var ledger = interpreter.CreateLedger();
        Assert.Equal(new[] { 0.1f + 0.5f - 0.5f, -0.2f - 1f }, interpreter.Run(Input, ledger));

        var e = ledger.Layer(0);
        Assert.Equal(2, e.ScatterSetup);
        Assert.Equal(3, e.InputVisit);
        Assert.Equal(2, e.ActiveInput);
        Assert.Equal(2, e.QuotientExact);
        Assert.Equal(4, e.ListTest);      // both inputs' fan-outs have 2 non-zero weights, every entry tested
        Assert.Equal(3, e.ListMac);       // the kept ones (dense Gather's own events, not Sorted's ListCompare and ScatterMac)
        Assert.Equal(0, e.ListCompare);
        Assert.Equal(3, e.MacsPerformed);
        Assert.Equal(1, ledger.Inferences);
    }

    [Fact]
    public void Sorted_stops_at_the_first_weight_below_the_cut()
    {
        var interpreter = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Sorted]);
        var ledger = interpreter.CreateLedger();
        interpreter.Run(Input, ledger);

        // input 0: cut 0.3, keys (1, 0.5) both kept, list exhausted: 2 compares.
        // input 1: cut 0.15, keys (0.25, 0.1): one kept, one failing compare: 2 compares.
        var e = ledger.Layer(0);
        Assert.Equal(4, e.ListCompare);
        Assert.Equal(3, e.ScatterMacDense); // a dense layer's kept entry (byte offsets); ScatterMac is a convolution's
        Assert.Equal(2, e.QuotientExact);
    }

    [Fact]
    public void Dense_runs_every_non_zero_weight_and_ignores_the_threshold()
    {
        var interpreter = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Dense]);
        var ledger = interpreter.CreateLedger();
        Assert.Equal(new[] { 0.1f + 0.5f - 0.5f + 0f, -0.2f - 1f - 0.2f + 0f }, interpreter.Run(Input, ledger));
        var e = ledger.Layer(0);
        Assert.Equal(2, e.OutputSetup);
        Assert.Equal(6, e.Mac);
        Assert.Equal(0, e.ThresholdComparisons);
    }

    [Theory]
    [InlineData(KernelImplementation.Dense)]
    [InlineData(KernelImplementation.Sorted)]
    public void Q15_requantisation_counts_each_output_on_its_sums_sign(KernelImplementation implementation)
    {
        // Dense: o0's sum is 0.1 (not negative), o1's -1.4 (negative); Sorted at T = 0.3: 0.1 and -1.2. Float does not requantise.
        var q15 = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Q15, [implementation]);
        var ledger = q15.CreateLedger();
        q15.Run(Input, ledger);
        var e = ledger.Layer(0);
        Assert.Equal(1, e.RequantizeNonNegative + e.RequantizeShiftedNonNegative);
        Assert.Equal(1, e.RequantizeNegative + e.RequantizeShiftedNegative);

        var float32 = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [implementation]);
        var floatLedger = float32.CreateLedger();
        float32.Run(Input, floatLedger);
        var f = floatLedger.Layer(0);
        Assert.Equal(0, f.RequantizeNonNegative + f.RequantizeNegative + f.RequantizeShiftedNonNegative + f.RequantizeShiftedNegative);
    }

    [Fact]
    public void Pow2_skips_a_superset_of_exact()
    {
        // Input 1 has |a| = 2 (exponent 1): Pow2's cut is T/2 exactly, and for input 0 (|a| = 1) it is T.
        // With |a| = 1.5 the cut would be T/1 = 0.3 instead of 0.2, dropping |w| = 0.25.
        var exact = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Sorted]);
        var pow2 = new ReferenceInterpreter(TinyDense(0.3f, DivisionApproximation.Pow2), NumberFormat.Float32, [KernelImplementation.Sorted]);
        float[] input = [1.5f, 0f, 0f];
        Assert.Equal(new[] { 0.1f + (1.5f * 0.5f), -0.2f - 1.5f }, exact.Run(input));
        Assert.Equal(new[] { 0.1f + (1.5f * 0.5f), -0.2f - 1.5f }, pow2.Run(input));
        float[] input2 = [0f, 1.5f, 0f];
        Assert.Equal(new[] { 0.1f + (1.5f * 0.25f), -0.2f }, exact.Run(input2)); // cut 0.2: 0.25 kept, 0.1 not
        Assert.Equal(new[] { 0.1f, -0.2f }, pow2.Run(input2));                     // cut 0.3: both dropped
    }

    // Conv2d 1 -> 1, kernel 2x2, input 3x3, no padding, T = 1.
    // W = [[1, 2], [0, -3]] (one zero weight), b = 0.5, input rows (1, 0.4, 2), (0.2, 1, 1), (0, 3, -1).
    // Output (0,0): taps x00·1 = 1 (skip: not > 1), x01·2 = 0.8 (skip), x11·-3 = -3 (keep) -> 0.5 - 3 = -2.5
    // Output (0,1): x01·1 = 0.4 (skip), x02·2 = 4 (keep), x12·-3 = -3 (keep)              -> 0.5 + 4 - 3 = 1.5
    // Output (1,0): x10·1 = 0.2 (skip), x11·2 = 2 (keep), x21·-3 = -9 (keep)              -> 0.5 + 2 - 9 = -6.5
    // Output (1,1): x11·1 = 1 (skip), x12·2 = 2 (keep), x22·-3 = 3 (keep)                 -> 0.5 + 2 + 3 = 5.5
    private static PreparedNetwork TinyConv() =>
        PreparedNetwork.Prepare(
            new NetworkBuilder("TinyConv", TensorShape.Of(1, 3, 3)).Conv2d("conv", 1, 2).Build(new NetworkOptions { DefaultThreshold = 1f }),
            TestWeights.Create(("conv.weight", [1f, 2f, 0f, -3f], [1, 1, 2, 2]), ("conv.bias", [0.5f], [1])));

    private static readonly float[] ConvInput = [1f, 0.4f, 2f, 0.2f, 1f, 1f, 0f, 3f, -1f];

    [Theory]
    [InlineData(KernelImplementation.Gather)]
    [InlineData(KernelImplementation.Sorted)]
    [InlineData(KernelImplementation.Bucketed)]
    public void Convolution_results_and_kept_macs_are_the_same_in_every_skipping_implementation(KernelImplementation implementation)
    {
        var interpreter = new ReferenceInterpreter(TinyConv(), NumberFormat.Float32, [implementation]);
        var ledger = interpreter.CreateLedger();
        Assert.Equal(new[] { -2.5f, 1.5f, -6.5f, 5.5f }, interpreter.Run(ConvInput, ledger));
        Assert.Equal(7, ledger.Layer(0).MacsPerformed);
    }

    [Fact]
    public void Gather_on_a_convolution_compares_every_candidate_including_zero_activations()
    {
        var interpreter = new ReferenceInterpreter(TinyConv(), NumberFormat.Float32, [KernelImplementation.Gather]);
        var ledger = interpreter.CreateLedger();
        interpreter.Run(ConvInput, ledger);
        var e = ledger.Layer(0);
        Assert.Equal(4, e.OutputSetup);
        Assert.Equal(12, e.GatherCompareSigned); // 4 outputs x 3 non-zero weights; the input may be negative
        Assert.Equal(7, e.GatherMac); // the kept products; Mac is Dense's whole tap
        Assert.Equal(0, e.Mac);
    }

    [Fact]
    public void Sorted_convolution_tests_kept_border_entries_against_the_window()
    {
        // List (keys desc): w=-3 (tap 1,1), w=2 (tap 0,1), w=1 (tap 0,0). Input pixel (0,0) = 1: cut 1 -> keeps
        // |w| > 1: -3 and 2; -3 at tap (1,1) maps to output (-1,-1) and 2 at tap (0,1) to (0,-1): both tested, neither
        // multiplied. Of the 3x3 input only the centre pixel's fan-out stays inside the 2x2 output: the 7 other non-zero
        // pixels are border pixels, which test their kept entries (the row, then the column of those whose row is
        // inside), multiply those inside in the border walk and need no window setup (that is Bucketed's). One input
        // channel is one list, so every entry runs the one-list walk's events (FixedEvents.WalksOneList).
        var interpreter = new ReferenceInterpreter(TinyConv(), NumberFormat.Float32, [KernelImplementation.Sorted]);
        var ledger = interpreter.CreateLedger();
        interpreter.Run(ConvInput, ledger);
        var e = ledger.Layer(0);
        Assert.Equal(8, e.ActivePixel); // one zero pixel; a convolution's pixel forms its base and tests it is interior
        Assert.Equal(0, e.ActiveInput);
        Assert.Equal(3, e.InputRow); // one row step per input row
        Assert.Equal(2, e.OneListMac); // the centre pixel's
        Assert.Equal(5, e.OneListBorderMac);
        Assert.Equal(7, e.MacsPerformed);
        Assert.Equal(0, e.ScatterMac + e.BorderMac + e.BorderTest + e.ListCompare);
        Assert.True(e.OneListCompare > 0);
        Assert.Equal(0, e.BorderSetup);
        Assert.True(
            e.OneListBorderTest > e.BorderColumnTest && e.BorderColumnTest >= e.OneListBorderMac,
            $"{e.OneListBorderTest} row tests, {e.BorderColumnTest} column tests for {e.OneListBorderMac} products");
        Assert.Equal(4, e.ScatterSetup);
    }

    [Fact]
    public void Inputs_must_be_finite_and_sized_right()
    {
        var interpreter = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Sorted]);
        Assert.Throws<ArgumentException>(() => interpreter.Run(new float[] { 1, float.NaN, 0 }));
        Assert.Throws<ArgumentException>(() => interpreter.Run(new float[] { 1, 2 }));
    }

    [Fact]
    public void Events_price_into_cycles_with_the_profile()
    {
        var interpreter = new ReferenceInterpreter(TinyDense(0.3f), NumberFormat.Float32, [KernelImplementation.Sorted]);
        var ledger = interpreter.CreateLedger();
        interpreter.Run(Input, ledger);
        var profile = CostProfile.For(TargetProfile.Msp430FR5994SoftFloat);
        var e = ledger.Layer(0);
        var expected = (e.ScatterSetup * profile.CyclesPer(CostEvent.ScatterSetup)) + (e.InputVisit * profile.CyclesPer(CostEvent.InputVisit))
            + (e.ActiveInput * profile.CyclesPer(CostEvent.ActiveInput)) + (e.QuotientExact * profile.CyclesPer(CostEvent.QuotientExact))
            + (e.ListCompare * profile.CyclesPer(CostEvent.ListCompare)) + (e.ScatterMacDense * profile.CyclesPer(CostEvent.ScatterMacDense));
        Assert.Equal(expected, profile.Cycles(ledger.Total), 6);
    }
}
