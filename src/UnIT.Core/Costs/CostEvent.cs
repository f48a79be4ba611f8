namespace UnIT.Costs;

/// <summary>
/// The things an emulated MSP430 spends cycles on while running a network (docs/semantics.md, "Events"). Kernels count them in
/// a ledger; a <see cref="CostProfile"/> prices each one with the instruction sequence written next to it.
/// </summary>
/// <remarks>
/// "Output-stationary" kernels (Dense, Gather on convolutions) keep one output's sum in the MPY32 accumulator and
/// gather its inputs; "input-stationary" kernels (Gather on dense layers, Sorted, Bucketed) visit each input once,
/// keep it in the multiplier's first operand and scatter products into 32-bit accumulators in RAM.
/// </remarks>
public enum CostEvent
{
    /// <summary>
    /// Output-stationary: preload the bias into the accumulator, then read, requantise and store one output (the
    /// requantisation's sign-dependent tail is <see cref="RequantizeNonNegative"/> or <see cref="RequantizeNegative"/>).
    /// </summary>
    OutputSetup,

    /// <summary>
    /// Output-stationary multiply-accumulate of Dense: load the tap's input offset and activation, multiply-accumulate
    /// the weight, next tap. The offset is a byte (<c>MOV.B</c>, then the byte pointer's <c>INC</c>); a padded
    /// convolution's tap loop counts this event too, with <see cref="WindowTest"/> (<see cref="FixedEvents.DenseTap"/>).
    /// </summary>
    Mac,

    /// <summary>
    /// <see cref="Mac"/> of a convolution whose input offsets are 16 bits (more than 256 inputs): the output's base plus
    /// the offset, read with a post-increment (<c>MOV R7,R6; ADD @R4+,R6</c>), so no pointer step.
    /// </summary>
    MacWide,

    /// <summary>
    /// <see cref="Mac"/> of a fully connected layer whose input offsets are 16 bits (more than 256 inputs): the offset
    /// is the input's index, read with a post-increment (<c>MOV @R11+,R10</c>): one instruction shorter than <see cref="MacWide"/>.
    /// </summary>
    MacWideDense,

    /// <summary>Gather: compare a non-negative activation with the weight's build-time activation threshold τ(w).</summary>
    GatherCompare,

    /// <summary>Gather: the same comparison on an activation that may be negative (|a| &gt; τ needs a two-sided test).</summary>
    GatherCompareSigned,

    /// <summary>
    /// Gather on a convolution, a kept tap: multiply-accumulate the activation the compare loaded. The tap's load and
    /// loop step are in the compare, so this is the product alone (Dense's <see cref="Mac"/> is the whole tap).
    /// </summary>
    GatherMac,

    /// <summary>
    /// Output-stationary convolution whose windows reach into the padding: test one stored tap's input row and column
    /// against the map before its product, at every output position (<see cref="FixedEvents.WindowTests"/>).
    /// </summary>
    WindowTest,

    /// <summary>
    /// Input-stationary: write the bias into a RAM accumulator, later read, requantise and store one output (the
    /// requantisation's sign-dependent tail as for <see cref="OutputSetup"/>).
    /// </summary>
    ScatterSetup,

    /// <summary>
    /// Q15, a layer whose accumulator shift is 16 (the largest, <see cref="Semantics.Q15.MaxRequantizeShift"/>): the requantisation of a sum that is not negative (the
    /// rounded high word, clamped to 32767). Every requantised output takes this path or <see cref="RequantizeNegative"/>'s;
    /// which one is counted at run time (<see cref="FixedEvents.Requantized"/>).
    /// </summary>
    RequantizeNonNegative,

    /// <summary>Q15, a shift of 16: the requantisation of a negative sum (its sign, the clamp to -32767).</summary>
    RequantizeNegative,

    /// <summary>
    /// Q15, a shift below 16: <see cref="RequantizeNonNegative"/>, but the result takes bits of both words and its high
    /// part is tested for saturation.
    /// </summary>
    RequantizeShiftedNonNegative,

    /// <summary>Q15, a shift below 16: <see cref="RequantizeNegative"/> with the result's bits from both words.</summary>
    RequantizeShiftedNegative,

    /// <summary>Input-stationary: load one input activation, test it for zero, advance.</summary>
    InputVisit,

    /// <summary>
    /// Input-stationary, fully connected: a non-zero input becomes the multiplier operand and its magnitude is taken.
    /// A convolution's pixel counts <see cref="ActivePixel"/> (<see cref="FixedEvents.ActiveInput"/>).
    /// </summary>
    ActiveInput,

    /// <summary>Compare a weight key (immediate) with the input's quotient held in a register.</summary>
    ListCompare,

    /// <summary>Input-stationary multiply-accumulate into a 32-bit RAM accumulator.</summary>
    ScatterMac,

    /// <summary>
    /// <see cref="ScatterMac"/> on a dense layer (Sorted, Bucketed): the entry's offset is the output's index, a byte
    /// read and stepped apart (<c>MOV.B 0(R10),R6</c> … <c>INC R10</c>), where a convolution adds a 16-bit offset to its base.
    /// </summary>
    ScatterMacDense,

    /// <summary>
    /// Gather on a dense layer, every entry of an active input's fan-out list (the list is not sorted, so every entry is
    /// compared): the loop's step (key, weight and offset pointers, the count) and the key's compare with the quotient.
    /// It stands for <see cref="ListCompare"/>, whose sequence is Sorted's compare.
    /// </summary>
    ListTest,

    /// <summary>
    /// Gather on a dense layer, a kept entry: its weight, a × w, the product added into the 32-bit RAM accumulator at
    /// the entry's byte offset, back to the list loop (<see cref="ListTest"/> steps it). It stands for <see cref="ScatterMac"/>.
    /// </summary>
    ListMac,

    /// <summary>
    /// Scatter convolution, border pixel (Bucketed): the first and last kernel rows and columns whose outputs stay inside
    /// the map, and the loop over those rows, once per non-zero border input. (A Sorted border pixel has no setup: it
    /// tests each kept entry, <see cref="BorderTest"/>.)
    /// </summary>
    BorderSetup,

    /// <summary>
    /// Scatter convolution, border pixel (Sorted): the border walk's step to one kept entry and the test of its output
    /// row; an entry whose row is inside also runs <see cref="BorderColumnTest"/>. Outside entries are skipped, not multiplied.
    /// </summary>
    BorderTest,

    /// <summary>
    /// Scatter convolution, border pixel (Bucketed): one kernel tap inside the window: load the tap's kept count for
    /// the pixel's bucket and jump into the tap's unrolled list. Only taps inside the map are visited, so no entry is tested.
    /// </summary>
    TapLookup,

    /// <summary>
    /// <see cref="TapLookup"/> in a layer whose tap tables have a band (some tap's kept count depends on the quotient):
    /// the same lookup, laid out around the band's code, and the tap's upper bound read and compared with its lower.
    /// </summary>
    TapLookupBand,

    /// <summary>One quotient <c>T/|a|</c> by true division (a library call).</summary>
    QuotientExact,

    /// <summary>One quotient by <see cref="DivisionApproximation.Pow2"/>: exponent, then a table of shifted thresholds.</summary>
    QuotientPow2,

    /// <summary>One quotient by <see cref="DivisionApproximation.ReciprocalLut"/>: exponent, table load, multiply, shift.</summary>
    QuotientReciprocalLut,

    /// <summary>One quotient by <see cref="DivisionApproximation.FloatBits"/>.</summary>
    QuotientFloatBits,

    /// <summary>Bucketed: exponent of |a| → count table load → computed jump into the unrolled fan-out.</summary>
    BucketLookup,

    /// <summary>Bucketed with sub-exponent buckets: exponent and top mantissa bits → table load → computed jump.</summary>
    BucketLookupFine,

    /// <summary>
    /// Q15: one bit of a 16-bit shift left by a variable count (FloatBits' <c>3 &lt;&lt; e</c>; the mantissa's alignment in
    /// ReciprocalLut and fine bucket slots), counted where the quotient or slot is computed (<see cref="ShiftSteps"/>).
    /// </summary>
    ShiftLeftStep,

    /// <summary>Q15, Pow2: one bit of the 32-bit <c>N &gt;&gt; e</c> beyond the 8 bits folded into a word move (<see cref="ShiftSteps"/>).</summary>
    ShiftRightStep,

    /// <summary>
    /// Q15, ReciprocalLut and FloatBits: one bit of the 48-bit product's shift right beyond the 16 bits folded into a
    /// word move (<see cref="ShiftSteps"/>).
    /// </summary>
    WideShiftRightStep,

    /// <summary>ReLU with threshold θ on one element: load, compare with θ, store, next (the path of a kept element).</summary>
    ReluTest,

    /// <summary>
    /// ReLU whose Q15 threshold is 0 (a plain ReLU), on one element: the same kept path as <see cref="ReluTest"/>, but
    /// <c>x &gt; 0</c> compiles to <c>CMP #1</c>, which the constant generator encodes (no immediate word): TI prices it
    /// as a register source, mspdebug 0.22 as an indexed one. Soft float prices it as <see cref="ReluTest"/>.
    /// </summary>
    ReluTestZero,

    /// <summary>ReLU: an element not above θ is cleared (counted at run time: the outputs that are 0).</summary>
    ReluClear,

    /// <summary>
    /// Max pooling: one window element after the first read and compared with the running maximum
    /// (<see cref="FixedEvents.Pool"/>: window − 1 per output).
    /// </summary>
    MaxPoolRead,

    /// <summary>Max pooling: load the window's first element, store one output and move to the next window.</summary>
    MaxPoolOutput,

    /// <summary>
    /// Average pooling: one window element after the first read and added to the 32-bit sum
    /// (<see cref="FixedEvents.Pool"/>: window − 1 per output).
    /// </summary>
    AvgPoolRead,

    /// <summary>Average pooling: load the window's first element, divide the window sum, store one output, move on.</summary>
    AvgPoolOutput,

    /// <summary>Max pooling: the output-row loop's step, once per output row of every channel.</summary>
    MaxPoolRow,

    /// <summary>Average pooling: the output-row loop's step, once per output row of every channel.</summary>
    AvgPoolRow,

    /// <summary>
    /// Sorted convolution, a kept entry of a border pixel whose tap lands inside the map (<see cref="BorderTest"/>
    /// passed): the multiply-accumulate of <see cref="ScatterMac"/> as the border walk compiles it, whose loop has more
    /// live pointers (the row and column tables) and reloads spilled ones around the product
    /// (<see cref="FixedEvents.BorderProduct"/>). An interior pixel's kept entries count <see cref="ScatterMac"/>.
    /// </summary>
    BorderMac,

    /// <summary>
    /// Sorted convolution, a border pixel's kept entry whose output row is inside the map: its column test
    /// (<see cref="BorderTest"/> is the loop's step and the row test, which an entry above or below the map leaves after).
    /// </summary>
    BorderColumnTest,

    /// <summary>
    /// <see cref="ListCompare"/> in a Sorted convolution with one input channel (<see cref="FixedEvents.WalksOneList"/>):
    /// its one list starts at a constant, so clang walks it with one index into the absolutely addressed tables, and the
    /// key's compare has no pointer step of its own (the index steps with <see cref="OneListMac"/>).
    /// </summary>
    OneListCompare,

    /// <summary><see cref="ScatterMac"/> in a one-list walk: the weight moves from its table straight into the multiplier, the index steps.</summary>
    OneListMac,

    /// <summary><see cref="BorderTest"/> in a one-list walk: one index and the row and column pointers step, then the row test.</summary>
    OneListBorderTest,

    /// <summary><see cref="BorderMac"/> in a one-list walk: the few live values stay in registers, so nothing is reloaded.</summary>
    OneListBorderMac,

    /// <summary>
    /// Input-stationary convolution, a non-zero pixel: the magnitude of <see cref="ActiveInput"/>, the pixel's scatter
    /// base and the test whether its whole fan-out stays inside the map (the interior walk's condition).
    /// </summary>
    ActivePixel,

    /// <summary>
    /// Input-stationary convolution (Sorted): the pixel loop's step to the next input row, once per row of every input
    /// channel (<see cref="FixedEvents.InputRows"/>).
    /// </summary>
    InputRow,

    /// <summary>
    /// <see cref="InputRow"/> of a Bucketed convolution: the row step and the border window's kernel-row bounds for the
    /// row, which clang hoists out of the pixel loop.
    /// </summary>
    InputRowWindow,
}
