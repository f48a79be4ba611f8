using UnIT.Collections;
using static UnIT.Costs.Instruction;

namespace UnIT.Costs;

/// <summary>
/// The built-in cost profiles. Each event is written as the MSP430 instruction sequence it runs: the Q15 conv/dense
/// events as the C backend's loops compile (clang-14 -O2; checked against mspdebug's simulator, docs/cost-model.md),
/// the rest as a hand-written kernel would run them. Prices are the CPUXV2 format-I/II tables (cycles, words): Rn→Rm
/// 1/1, @Rn+→Rm 2/1, #N→Rm 2/2 (constant generator values 1/1), x(Rn)→Rm 3/2, Rn→x(Rm) 4/2 (MOV 3), #N→memory 5/3
/// (MOV, CMP 4), x(Rn)→memory 6/3 (MOV 5), Rn→PC 3/1, jumps 2/1, CALL #N 4/2 (<see cref="Cpuxv2Timing"/>). Run-time
/// library bodies and data-dependent paths are estimates, marked so.
/// </summary>
public static class Msp430Profiles
{
    /// <summary>
    /// FR5994 datasheet/product page slope: 118 µA/MHz; 3.0 V supply. An estimate (slope only, no static current).
    /// </summary>
    public static EnergyModel Fr5994Energy { get; } =
        new(118, 3.0, "TI MSP430FR5994 product page: 118 µA/MHz active; 3.0 V supply assumed (estimate: slope only)");

    /// <summary>
    /// FR2xx-class parts without MPY32: 126 µA/MHz, 3.0 V. An estimate from the family datasheet's typical figure.
    /// </summary>
    public static EnergyModel NoMultiplierEnergy { get; } =
        new(126, 3.0, "MSP430FR2xx family datasheet: about 126 µA/MHz active (typical); 3.0 V assumed (estimate)");

    /// <summary>
    /// The FRAM cache hit rate assumed by default. The FR5994's FRAM controller caches 8-byte lines; straight-line
    /// code misses once per line of 4 words, so sequential fetches hit about 3 times in 4. Unknown in general:
    /// a parameter, and an estimate.
    /// </summary>
    public const double DefaultCacheHitRate = 0.75;

    /// <summary>The FR5994's memories: 256 KB FRAM (code, constants, and activations that outgrow SRAM) and 8 KB SRAM.</summary>
    public static PartMemory Fr5994Memory { get; } = new(256 * 1024, 8 * 1024);

    /// <summary>The FR2111's memories (the no-multiplier profile's example part): 3.75 KB FRAM and 1 KB SRAM.</summary>
    public static PartMemory Fr2111Memory { get; } = new(3_840, 1024);

    private static readonly CostProfile Mpy32 = Build(
        TargetProfile.Msp430FR5994, "MSP430FR5994 · Q15 · MPY32", "MSP430FR5994 (16 MHz, 1 FRAM wait state, MPY32)",
        NumberFormat.Q15, hasMultiplier: true, Fr5994Memory, Fr5994Energy, Q15Events(multiplier: true));

    private static readonly CostProfile SoftFloat = Build(
        TargetProfile.Msp430FR5994SoftFloat, "MSP430FR5994 · Float32 · soft-float", "MSP430FR5994 (16 MHz, 1 FRAM wait state, software float)",
        NumberFormat.Float32, hasMultiplier: true, Fr5994Memory, Fr5994Energy, SoftFloatEvents());

    private static readonly CostProfile NoMultiplier = Build(
        TargetProfile.Msp430NoMultiplier, "MSP430 no multiplier · Q15", "MSP430 without MPY (e.g. FR2111 class; 16 MHz, 1 FRAM wait state)",
        NumberFormat.Q15, hasMultiplier: false, Fr2111Memory, NoMultiplierEnergy, Q15Events(multiplier: false));

    /// <summary>All built-in profiles.</summary>
    public static IReadOnlyList<CostProfile> All { get; } = [Mpy32, SoftFloat, NoMultiplier];

    /// <summary>The built-in profile <paramref name="id"/>.</summary>
    public static CostProfile For(TargetProfile id) => id switch
    {
        TargetProfile.Msp430FR5994 => Mpy32,
        TargetProfile.Msp430FR5994SoftFloat => SoftFloat,
        TargetProfile.Msp430NoMultiplier => NoMultiplier,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown target profile."),
    };

    private static CostProfile Build(
        TargetProfile id, string name, string part, NumberFormat format, bool hasMultiplier, PartMemory memory, EnergyModel energy, Dictionary<CostEvent, EventCost> events)
    {
        var ordered = Enumerable.Range(0, EventCounts.EventKinds).Select(i =>
            events.TryGetValue((CostEvent)i, out var cost) ? cost : throw new InvalidOperationException($"Profile {name} does not price {(CostEvent)i}."));
        return new CostProfile(id, name, part, memory, format, hasMultiplier, 16_000_000, 1, DefaultCacheHitRate, energy, ordered.ToImmutableEquatableArray());
    }

    private static Dictionary<CostEvent, EventCost> ToDictionary(KeyValuePair<CostEvent, EventCost>[] events) =>
        events.ToDictionary(e => e.Key, e => e.Value);

    private static KeyValuePair<CostEvent, EventCost> Event(CostEvent costEvent, string description, params Instruction[] sequence) =>
        new(costEvent, new EventCost(costEvent, description, sequence.ToImmutableEquatableArray()));

    // Sequences shared by the Q15 profiles --------------------------------------------------------------------------

    // The conv/dense events below are the C backend's table-driven loops as clang-14 -O2 compiles them for the MSP430
    // (docs/cost-model.md, "Checked against the simulator"); registers and offsets are the listings' (x, T: table
    // addresses). Both Q15 profiles run the same loops: only the products differ (the multiplier's registers, or
    // __mspabi_mpysl where there is none), so each sequence is written once in Loops and the profile adds its products.

    private static Instruction Cpu(string text) => Cpuxv2Timing.Op(text);

    private static Instruction Table(string text) => Cpuxv2Timing.TableRead(text);

    /// <summary>Dense's product: the activation into MACS, the weight (a table read) into OP2; without MPY32 a library call and a 32-bit add.</summary>
    private static Instruction[] MultiplyAccumulate(bool multiplier) => multiplier
        ? [Cpu("MOV x(R10),&MACS"), Table("MOV @R14+,R10"), Cpu("MOV R10,&OP2")]
        : [Cpu("MOV x(R10),R12"), Table("MOV @R14+,R13"), Cpu("CALL #__mspabi_mpysl"), Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110),
           Cpu("ADD R12,R10"), Cpu("ADDC R13,R11")];

    /// <summary>
    /// A kept Gather tap: the activation the compare loaded into MACS, the weight (a table read) into OP2, back to the
    /// tap loop; without MPY32 a library call and a 32-bit add.
    /// </summary>
    private static Instruction[] GatherMultiplyAccumulate(bool multiplier) => multiplier
        ? [Cpu("MOV R7,&MACS"), Table("MOV 0(R8),&OP2"), Cpu("JMP next_tap")]
        : [Cpu("MOV R7,R12"), Table("MOV 0(R8),R13"), Cpu("CALL #__mspabi_mpysl"), Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110),
           Cpu("ADD R12,R10"), Cpu("ADDC R13,R11"), Cpu("JMP next_tap")];

    /// <summary>The scatter kernels' product a x w into R11 (low) and R13 (high).</summary>
    private static Instruction[] Multiply(bool multiplier) => multiplier
        ? [Cpu("MOV R8,&MPYS"), Cpu("MOV R11,&OP2"), Cpu("MOV &RESLO,R11"), Cpu("MOV &RESHI,R13")]
        : [Cpu("MOV R8,R12"), Cpu("MOV R11,R13"), Cpu("CALL #__mspabi_mpysl"), Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110), Cpu("MOV R12,R11")];

    /// <summary>
    /// A one-list walk's product a x w into R6 (low) and R5 (high): the weight moves from its table, read by the walk's
    /// index, straight into OP2 (or the library call's argument).
    /// </summary>
    private static Instruction[] MultiplyIndexedWeight(bool multiplier) => multiplier
        ? [Cpu("MOV R12,&MPYS"), Table("MOV x(R7),&OP2"), Cpu("MOV &RESLO,R6"), Cpu("MOV &RESHI,R5")]
        : [Cpu("MOV R8,R12"), Table("MOV x(R7),R13"), Cpu("CALL #__mspabi_mpysl"), Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110), Cpu("MOV R12,R6")];

    /// <summary>unit_multiply_shift's 32x16 product, two unsigned 16x16 ones with the factor from a table; without MPY32 a library call.</summary>
    private static Instruction[] Product32By16(bool multiplier) => multiplier
        ?
        [
            Cpu("MOV #N_lo,&MPY"), Table("MOV x(R14),R15"), Cpu("MOV R15,&OP2"), Cpu("MOV &RESLO,R14"), Cpu("MOV &RESHI,R14"), Cpu("MOV #N_hi,&MPY"),
            Cpu("MOV R15,&OP2"), Cpu("MOV &RESLO,R15"), Cpu("ADD R15,R14"), Cpu("CMP R15,R14"), Cpu("MOV #1,R15"), Cpu("BIC R2,R15"), Cpu("ADD &RESHI,R15"),
            Cpu("TST.B R10"), Cpu("JEQ shifted"), Cpu("CLR R8"),
        ]
        : [Table("MOV x(R14),R15"), Cpu("CALL #__mspabi_mpyl"), Estimate("__mspabi_mpyl body: 32x16 shift-and-add", 180)];

    private static Dictionary<CostEvent, EventCost> Q15Events(bool multiplier)
    {
        return ToDictionary(new[]
        {
            Event(CostEvent.OutputSetup, "read the sum, requantise, store; next output: bias into the accumulator, the channel's tap range",
                [.. Loops.Requantize(multiplier ? "&RESLO" : "R10", multiplier ? "&RESHI" : "R11"), .. Loops.OutputStore,
                 .. (multiplier ? Loops.BiasPreload : Loops.BiasIntoRegisters), .. Loops.TapRange]),
            Event(CostEvent.Mac, "Dense: load the tap's input offset (a byte) and activation, multiply-accumulate the weight, next tap",
                [.. Loops.TapInputLoad, .. MultiplyAccumulate(multiplier), .. Loops.TapLoopNext]),
            Event(CostEvent.MacWide, "Dense, a convolution with 16-bit input offsets: the output's base plus the offset, the activation, multiply-accumulate, next tap",
                [.. Loops.WideTapInputLoad, .. MultiplyAccumulate(multiplier), .. Loops.WideTapLoopNext]),
            Event(CostEvent.MacWideDense, "Dense, a fully connected layer with 16-bit input offsets: the input's index, the activation, multiply-accumulate, next tap",
                [.. Loops.WideDenseTapInputLoad, .. MultiplyAccumulate(multiplier), .. Loops.WideTapLoopNext]),
            Event(CostEvent.GatherCompare, "Gather, a >= 0: next tap, load the activation, compare with the tap's tau (16 bits)",
                [.. Loops.GatherTapNext, Cpu("MOV R6,R7"), Table("ADD 0(R4),R7"), Cpu("ADD R7,R7"), Cpu("MOV x(R7),R7"), Table("CMP R7,0(R12)"), Cpu("JGE skip")]),
            Event(CostEvent.GatherCompareSigned, "Gather, signed a: next tap, load, |a| and tau widened to 32 bits (clang's int32 compare), compare",
                [.. Loops.GatherTapNext, Table("MOV.B 0(R4),R14"), Cpu("ADD R6,R14"), Cpu("ADD R14,R14"), Cpu("ADD R12,R14"), Cpu("MOV 0(R14),R14"),
                 .. Loops.Magnitude("R14", "R15", "R9"), Table("MOV 0(R8),R10"), Cpu("CMP R9,R10"), Cpu("MOV R2,R9"), .. Loops.HighWordOf("R10"),
                 Cpu("MOV #1,R15"), Cpu("TST R10"), Cpu("JGE high_equal"), Cpu("TST R10"), Cpu("JEQ low_word"), Cpu("AND #1,R9"), Cpu("BIT #1,R9"), Cpu("JNE skip")]),
            Event(CostEvent.GatherMac, "Gather, a kept tap: the loaded activation and the tap's weight into the multiplier, back to the tap loop",
                GatherMultiplyAccumulate(multiplier)),
            Event(CostEvent.WindowTest, "padded convolution, every tap: its input row and column inside the map, and the loop's two extra table pointers",
                Loops.WindowTest),
            Event(CostEvent.ScatterSetup, "bias into a 32-bit RAM accumulator; later read it, requantise, store one output",
                [.. Loops.AccumulatorInit, .. Loops.Requantize("0(R13)", "2(R13)"), .. Loops.AccumulatorStore]),
            Event(CostEvent.RequantizeNonNegative, "a sum >= 0: its rounded high word against 32767", Loops.RequantizeNonNegativeTail),
            Event(CostEvent.RequantizeNegative, "a sum < 0: the rounded high word's sign, the test against -32767", Loops.RequantizeNegativeTail),
            Event(CostEvent.RequantizeShiftedNonNegative, "shift 15, a sum >= 0: the result from both words, its high part tested for saturation",
                Loops.RequantizeShiftedNonNegativeTail),
            Event(CostEvent.RequantizeShiftedNegative, "shift 15, a sum < 0: the high word's sign, the result from both words, the test against -32767",
                Loops.RequantizeShiftedNegativeTail),
            Event(CostEvent.InputVisit, "next input pixel: load it, skip it if zero", Loops.InputVisit),
            Event(CostEvent.ActiveInput, "a non-zero input: |a| without a branch", Loops.ActiveInput),
            Event(CostEvent.ActivePixel, "a convolution's non-zero pixel: |a|, its scatter base, is its fan-out inside the map?",
                [.. Loops.ActiveInput, .. Loops.PixelBaseAndInteriorTest]),
            Event(CostEvent.InputRow, "the pixel loop's step to the next input row (Sorted)", Loops.InputRow),
            Event(CostEvent.InputRowWindow, "the pixel loop's step to the next input row and the border window's row bounds (Bucketed)", Loops.InputRowWindow),
            Event(CostEvent.ListCompare, "keep iff key > t: one compare in the key table's type", Loops.ListCompare),
            Event(CostEvent.ScatterMac, "load weight and offset, a x w, add the product into the 32-bit RAM accumulator, next entry",
                [Table("MOV @R15+,R11"), .. Multiply(multiplier), .. Loops.AccumulateProduct, .. Loops.EntryLoopNext]),
            Event(CostEvent.ScatterMacDense, "dense layer (Sorted, Bucketed): load the weight, a x w, add at the entry's byte offset, next entry",
                [Table("MOV @R15+,R11"), .. Multiply(multiplier), .. Loops.DenseAccumulateProduct, Cpu("INC R10"), .. Loops.EntryLoopNext]),
            Event(CostEvent.ListTest, "Gather on a dense layer, every list entry: the loop's step (three table pointers, the count) and the key's compare",
                Loops.ListTest),
            Event(CostEvent.ListMac, "Gather on a dense layer, a kept entry: weight, a x w, add into the RAM accumulator at the entry's byte offset, back to the loop",
                [Table("MOV 0(R14),R11"), .. Multiply(multiplier), .. Loops.DenseAccumulateProduct, Cpu("JMP next_entry")]),
            Event(CostEvent.BorderSetup, "border pixel: the window's first and last valid kernel rows and columns; the kernel-row loop (Bucketed; priced at 4 rows)",
                [.. Loops.TapWindow, .. Loops.Repeat(Loops.KernelRowStep, 4)]),
            Event(CostEvent.BorderTest, "border pixel (Sorted): the loop's step to the next entry, is its tap's output row inside the map?", Loops.BorderTest),
            Event(CostEvent.BorderColumnTest, "border pixel (Sorted), an entry whose row is inside: is its output column inside the map?", Loops.BorderColumnTest),
            Event(CostEvent.BorderMac, "border pixel (Sorted), an entry inside the map: weight, a x w, add into the RAM accumulator, spilled pointers reloaded, back to the loop",
                [Table("MOV 0(R4),R13"), .. Multiply(multiplier), .. Loops.BorderAccumulateProduct]),
            Event(CostEvent.OneListCompare, "one-list walk (Sorted, one input channel): keep iff key > t, the key read by the walk's index", Loops.OneListCompare),
            Event(CostEvent.OneListMac, "one-list walk: the weight straight into the multiplier, a x w, add into the RAM accumulator, the index's step",
                [.. MultiplyIndexedWeight(multiplier), .. Loops.OneListAccumulateProduct, .. Loops.OneListEntryNext]),
            Event(CostEvent.OneListBorderTest, "one-list walk, border pixel: the index and the row and column pointers step, is the entry's output row inside the map?",
                Loops.OneListBorderTest),
            Event(CostEvent.OneListBorderMac, "one-list walk, border pixel, an entry inside the map: OneListMac's product and add, back to the loop's step",
                [.. MultiplyIndexedWeight(multiplier), .. Loops.OneListAccumulateProduct, Cpu("JMP next_entry")]),
            Event(CostEvent.TapLookup, "border pixel (Bucketed), one valid tap: the tap's list, its count for the bucket (index product), list pointers",
                Loops.TapLookup),
            Event(CostEvent.TapLookupBand, "border pixel (Bucketed, banded tap tables), one valid tap: the lookup of TapLookup, then the tap's upper bound",
                Loops.TapLookupBand),
            Event(CostEvent.QuotientExact, "t = N / |a|: unit_divide inlined, two 16-step restoring halves (~: which steps subtract is data-dependent)",
                [.. Loops.DivideHalf, .. Loops.DivideHalf, .. Loops.ClampQuotient, .. Loops.ListRange]),
            Event(CostEvent.QuotientPow2, "t = N >> e: floor(log2 |a|), N >> 8 folded (its steps beyond 8: ShiftRightStep)",
                [.. Loops.Exponent, .. Loops.ShiftRightByEight, .. Loops.ClampQuotient, .. Loops.ListRange]),
            Event(CostEvent.QuotientReciprocalLut, "t = (N x R[m]) >> (16 + e): exponent, mantissa index, two 16x16 products (the shifts' steps: ShiftLeftStep, WideShiftRightStep)",
                [.. Loops.Exponent, .. Loops.MantissaIndex, .. Product32By16(multiplier), .. Loops.ClampQuotient, .. Loops.ListRange]),
            Event(CostEvent.QuotientFloatBits, "t = N x (3 x 2^e - |a|) >> (2e + 1): exponent, 3 << e, two products (the shifts' steps: ShiftLeftStep, WideShiftRightStep)",
                [.. Loops.Exponent, Cpu("SUB R13,R14"), .. Product32By16(multiplier), .. Loops.ClampQuotient, .. Loops.ListRange]),
            Event(CostEvent.BucketLookup, "bucket = floor(log2 |a|), clamped; the list's count from the table",
                [.. Loops.Exponent, .. Loops.BucketClampAndCount]),
            Event(CostEvent.BucketLookupFine, "bucket = (e, top mantissa bits), clamped; the list's count from the table (the alignment's steps: ShiftLeftStep)",
                [.. Loops.Exponent, .. Loops.MantissaIndex, .. Loops.BucketClampAndCount]),
            Event(CostEvent.ShiftLeftStep, "one bit of a 16-bit shift left by a variable count", Loops.ShiftLeftStep),
            Event(CostEvent.ShiftRightStep, "one bit of Pow2's 32-bit shift right", Loops.ShiftRightStep),
            Event(CostEvent.WideShiftRightStep, "one bit of the 48-bit product's shift right", Loops.WideShiftRightStep),
            // ReLU and max pooling as clang-14 -O2 compiles the C backend's loops (docs/cost-model.md, "Checked against the simulator").
            Event(CostEvent.ReluTest, "y = x > theta ? x : 0 in place: load, compare, store, next (a kept element's path)",
                [Cpu("MOV x(R12),R13"), Cpu("CMP #theta+1,R13"), Cpu("JGE keep"), .. Loops.ReluStore]),
            Event(CostEvent.ReluTestZero, "y = x > 0 ? x : 0 in place: the same path, the compare's #1 from the constant generator",
                [Cpu("MOV x(R12),R13"), Cpu("CMP #1,R13"), Cpu("JGE keep"), .. Loops.ReluStore]),
            Event(CostEvent.ReluClear, "a cleared element: zero the register, back to the store",
                Op("CLR R13", 1, 1), Op("JMP store", 2, 1)),
            // Pooling as clang-14 -O2 compiles the C backend's rolled loops (every loop kept rolled; docs/cost-model.md,
            // "Checked against the simulator"): per output the first element with the output event, one read per further
            // element, the row loop's step per output row (the channel loop's, 9 instructions, left out).
            Event(CostEvent.MaxPoolRead, "a window element after the first: load it, compare it with the running maximum; not larger (ties): the maximum moves",
                Cpu("MOV x(R10),R8"), Cpu("CMP R8,R7"), Cpu("JL larger"), Cpu("MOV R7,R8")),
            Event(CostEvent.MaxPoolOutput, "the window's first element; the last one not larger jumps to the store; store the maximum, next window",
                Cpu("MOV x(R10),R7"), Cpu("JMP store"), Cpu("MOV R14,R7"), Cpu("ADD R9,R7"), Cpu("MOV R8,0(R7)"), Cpu("ADD #4,R10"), Cpu("MOV R9,R8"),
                Cpu("INCD R8"), Cpu("CMP #last,R9"), Cpu("MOV R8,R9"), Cpu("JHS next_row")),
            Event(CostEvent.MaxPoolRow, "the output-row loop: the next row's output and input pointers, the row count, the column loop's start",
                Cpu("MOV R14,R10"), Cpu("ADD R8,R10"), Cpu("ADD #row,R15"), Cpu("INC R11"), Cpu("CMP #rows,R11"), Cpu("JEQ next_channel"),
                Cpu("MOV R10,R14"), Cpu("CLR R9"), Cpu("MOV R15,R10"), Cpu("JMP first_window")),
            // Average pooling over a power-of-two window (the window unrolled and interleaved): a window of 4 runs 120
            // instructions per output on the non-negative path (a pool after a ReLU: the clamp of a negative mean not taken).
            Event(CostEvent.AvgPoolRead, "a window element after the first: load it, add it to the sum's low word, the carry, its sign word, add it and the carry to the high word",
                [Cpu("MOV x(R10),R7"), Cpu("MOV R7,R8"), Cpu("ADD R12,R8"), Cpu("CMP R7,R8"), Cpu("MOV R2,R11"), .. Loops.HighWordOf("R7"), Cpu("ADD R12,R7"),
                 Cpu("MOV #1,R15"), Cpu("BIC R11,R15"), Cpu("ADD R7,R15")]),
            Event(CostEvent.AvgPoolOutput, "the first element and its sign word; 2s + n, the 32-bit arithmetic shift by k + 1, saturate, store; next output",
                [Cpu("MOV x(R10),R12"), .. Loops.HighWordOf("R12"), Cpu("MOV #1,R8"), Cpu("MOV R6,R15"), Cpu("ADD R15,R15"), Cpu("MOV R15,R7"),
                 Cpu("ADD #4,R7"), Cpu("CMP R15,R7"), Cpu("MOV R2,R11"), Cpu("SWPB R6"), Cpu("MOV.B R6,R6"), Cpu("CLRC"), Cpu("RRC R6"),
                 .. Loops.Repeat([Cpu("RRA R6")], 3), Cpu("ADD R5,R5"), .. Loops.Repeat([Cpu("RRA R6")], 3), Cpu("BIS R5,R6"), Cpu("MOV #1,R12"),
                 Cpu("BIC R11,R12"), Cpu("ADD R6,R12"), Cpu("MOV R12,R13"), .. Loops.Repeat([Cpu("RRA R13")], 3), Cpu("TST R13"), Cpu("JGE positive"),
                 Cpu("CLRC"), Cpu("RRC R7"), Cpu("RRA R7"), Cpu("RRA R7"), Cpu("MOV.B R12,R12"), Cpu("SWPB R12"), .. Loops.Repeat([Cpu("ADD R12,R12")], 5),
                 Cpu("BIS R7,R12"), Cpu("CMP #-32766,R12"), Cpu("MOV R2,R11"), Cpu("CMP #-1,R13"), Cpu("JEQ negative"), Cpu("MOV R8,R11"), Cpu("TST R11"),
                 Cpu("JNE store"), Cpu("MOV R14,R13"), Cpu("ADD R9,R13"), Cpu("MOV R12,0(R13)"), Cpu("ADD #4,R10"), Cpu("MOV R9,R13"), Cpu("INCD R13"),
                 Cpu("CMP #last,R9"), Cpu("MOV R13,R9"), Cpu("JHS next_row")]),
            Event(CostEvent.AvgPoolRow, "the output-row loop: the next row's pointers (two spilled to the stack), the row count, the column loop's start",
                Cpu("MOV R14,R12"), Cpu("ADD R13,R12"), Cpu("MOV x(R1),R10"), Cpu("ADD #row,R10"), Cpu("MOV x(R1),R15"), Cpu("INC R15"), Cpu("CMP #rows,R15"),
                Cpu("JEQ next_channel"), Cpu("MOV R15,x(R1)"), Cpu("MOV R12,R14"), Cpu("CLR R9"), Cpu("MOV R10,x(R1)"), Cpu("JMP first_window")),
        });
    }

    // Software floating point on the FR5994 ----------------------------------------------------------------------


    private static Dictionary<CostEvent, EventCost> SoftFloatEvents()
    {
        Instruction[] scatterMultiply =
        [
            Op("MOV R8,R12", 1, 1), Op("MOV R9,R13", 1, 1), Op("MOV #w_lo,R14", 2, 2), Op("MOV #w_hi,R15", 2, 2), .. Sequences.FloatMultiply,
            Op("MOV x(R6),R14", 3, 2), Op("MOV x+2(R6),R15", 3, 2), .. Sequences.FloatAdd, Op("MOV R12,x(R6)", 3, 2), Op("MOV R13,x+2(R6)", 3, 2),
        ];
        Instruction[] exponentDifference =
        [
            // Non-negative IEEE floats order like integers and a power of two is an exponent subtraction.
            Op("MOV R13,R15", 1, 1), Op("AND #0x7F80,R15", 2, 2), Op("MOV #T_hi+0x3F80,R11", 2, 2), Op("SUB R15,R11", 1, 1),
            Op("MOV #T_lo,R10", 2, 2), Op("JN underflow", 2, 1),
        ];
        Instruction[] floatActiveInput = [Op("MOV R12,R8", 1, 1), Op("MOV R13,R9", 1, 1), Op("AND #0x7FFF,R13", 2, 2), Op("ADD #4,R6", 1, 1)];
        Instruction[] keyCompare = [Op("CMP #key_hi,R11", 2, 2), Op("JLO keep", 2, 1), Op("JNE list_exit", 2, 1), Estimate("rare low-word tie-break", 1)];
        Instruction[] rowTest = [Op("BIT #row_bit,R10", 2, 2), Op("JZ next_entry", 2, 1)];
        Instruction[] floatTap =
        [
            Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2), Op("MOV #w_lo,R14", 2, 2), Op("MOV #w_hi,R15", 2, 2), .. Sequences.FloatMultiply,
            Op("MOV R10,R14", 1, 1), Op("MOV R11,R15", 1, 1), .. Sequences.FloatAdd, Op("MOV R12,R10", 1, 1), Op("MOV R13,R11", 1, 1),
        ];
        Instruction[] bucketIndex =
        [
            Op("MOV R13,R15", 1, 1), Op("AND #0x7F80,R15", 2, 2), Estimate("shift the exponent field down", 4, 2),
            Op("SUB #first_bucket,R15", 2, 2), Op("CMP #bucket_count,R15", 2, 2), Op("JHS clamp", 2, 1),
        ];

        return ToDictionary(new[]
        {
            Event(CostEvent.OutputSetup, "bias into the register accumulator; store one output",
                Op("MOV #b_lo,R10", 2, 2), Op("MOV #b_hi,R11", 2, 2), Op("MOV R10,0(R5)", 3, 2), Op("MOV R11,2(R5)", 3, 2),
                Op("ADD #4,R5", 1, 1), Op("DEC R7", 1, 1), Op("JNZ output_loop", 2, 1)),
            Event(CostEvent.Mac, "output-stationary float multiply-add through the run-time library", floatTap),
            Event(CostEvent.MacWide, "the same float multiply-add (16-bit offsets: no soft-float C to measure)", floatTap),
            Event(CostEvent.MacWideDense, "the same float multiply-add (16-bit offsets: no soft-float C to measure)", floatTap),
            Event(CostEvent.GatherMac, "Gather, a kept tap: the same float multiply-add (the compare reads the activation from memory)", floatTap),
            Event(CostEvent.WindowTest, "padded convolution, every tap: the integer row and column test of the Q15 loop (no soft-float C to measure)",
                Loops.WindowTest),
            Event(CostEvent.GatherCompare, "a >= 0: compare the high word of a with tau's (integer order of IEEE floats)",
                Op("CMP #tau_hi,x+2(R4)", 4, 3), Op("JLO skip", 2, 1), Op("JNE keep", 2, 1), Estimate("rare low-word tie-break", 1)),
            Event(CostEvent.GatherCompareSigned, "signed a: clear the sign bit, then compare",
                Op("MOV x+2(R4),R13", 3, 2), Op("AND #0x7FFF,R13", 2, 2), Op("CMP #tau_hi,R13", 2, 2), Op("JLO skip", 2, 1), Op("JNE keep", 2, 1),
                Estimate("rare low-word tie-break", 1)),
            Event(CostEvent.ScatterSetup, "bias into the float accumulator in RAM",
                Op("MOV #b_lo,x(R6)", 4, 3), Op("MOV #b_hi,x+2(R6)", 4, 3), Op("ADD #4,R6", 1, 1), Op("DEC R7", 1, 1), Op("JNZ init_loop", 2, 1)),
            Event(CostEvent.RequantizeNonNegative, "float: no requantisation (the event is never counted)"),
            Event(CostEvent.RequantizeNegative, "float: no requantisation (the event is never counted)"),
            Event(CostEvent.RequantizeShiftedNonNegative, "float: no requantisation (the event is never counted)"),
            Event(CostEvent.RequantizeShiftedNegative, "float: no requantisation (the event is never counted)"),
            Event(CostEvent.InputVisit, "load one float input, skip it if +-0",
                Op("MOV @R4+,R12", 2, 1), Op("MOV @R4+,R13", 2, 1), Op("MOV R13,R15", 1, 1), Op("AND #0x7FFF,R15", 2, 2), Op("BIS R12,R15", 1, 1),
                Op("JZ next_input", 2, 1), Op("DEC R7", 1, 1), Op("JNZ input_loop", 2, 1)),
            Event(CostEvent.ActiveInput, "keep a in R8:R9, |a| by clearing the sign bit", floatActiveInput),
            Event(CostEvent.ListCompare, "keep iff key > t (both non-negative floats: integer compare of the high words)", keyCompare),
            Event(CostEvent.ScatterMac, "float multiply, then add into the RAM accumulator", scatterMultiply),
            Event(CostEvent.ScatterMacDense, "dense layer: the float multiply-add of ScatterMac", scatterMultiply),
            Event(CostEvent.ListTest, "Gather on a dense layer, every entry: the key compare of ListCompare (no soft-float C to measure)", keyCompare),
            Event(CostEvent.ListMac, "Gather on a dense layer, a kept entry: the float multiply-add of ScatterMac", scatterMultiply),
            Event(CostEvent.BorderSetup, "border pixel (Bucketed): its window's valid kernel rows and columns, from per-row and per-column tables",
                Op("MOV rowmask(R11),R10", 3, 2, framDataWords: 1), Op("AND colmask(R12),R10", 3, 2, framDataWords: 1),
                Op("MOV rowmask+2(R11),R9", 3, 2, framDataWords: 1), Op("AND colmask+2(R12),R9", 3, 2, framDataWords: 1)),
            Event(CostEvent.BorderTest, "border pixel: is this kept entry's tap row inside the map?", rowTest),
            Event(CostEvent.BorderColumnTest, "border pixel, an entry whose row is inside: is its column inside the map?", Op("BIT #column_bit,R11", 2, 2), Op("JZ next_entry", 2, 1)),
            Event(CostEvent.BorderMac, "border pixel (Sorted), an entry inside the map: the float multiply-add of ScatterMac", scatterMultiply),
            Event(CostEvent.OneListCompare, "one-list walk: the key compare of ListCompare (no soft-float C to measure)", keyCompare),
            Event(CostEvent.OneListMac, "one-list walk: the float multiply-add of ScatterMac", scatterMultiply),
            Event(CostEvent.OneListBorderTest, "one-list walk, border pixel: the row test of BorderTest", rowTest),
            Event(CostEvent.OneListBorderMac, "one-list walk, border pixel inside the map: the float multiply-add of ScatterMac", scatterMultiply),
            Event(CostEvent.ActivePixel, "a convolution's non-zero pixel: ActiveInput, then the integer scatter base and interior test of the Q15 loop (no soft-float C to measure)",
                [.. floatActiveInput, .. Loops.PixelBaseAndInteriorTest]),
            Event(CostEvent.InputRow, "the integer row step of the Q15 loop (no soft-float C to measure)", Loops.InputRow),
            Event(CostEvent.InputRowWindow, "the integer row step and window bounds of the Q15 loop (no soft-float C to measure)", Loops.InputRowWindow),
            Event(CostEvent.TapLookup, "border pixel, one valid tap: count = table[tap][bucket]; jump into the tap's list; next tap",
                [.. Sequences.ComputedJump, Op("ADD #slots,R15", 2, 2), Op("DEC R9", 1, 1), Op("JNZ tap_loop", 2, 1)]),
            Event(CostEvent.TapLookupBand, "border pixel, one valid tap of banded tables: TapLookup and the tap's upper bound, compared with the lower",
                [.. Sequences.ComputedJump, Op("ADD #slots,R15", 2, 2), Op("MOV.B high(R15),R5", 3, 2, framDataWords: 1), Op("CMP.B R5,R14", 1, 1),
                 Op("JHS next_tap", 2, 1), Op("DEC R9", 1, 1), Op("JNZ tap_loop", 2, 1)]),
            Event(CostEvent.QuotientExact, "t = T / |a| by __mspabi_divf",
                Op("MOV #T_lo,R12", 2, 2), Op("MOV #T_hi,R13", 2, 2), Op("CALL #__mspabi_divf", 4, 2), Estimate("__mspabi_divf body", 400),
                Op("MOV R12,R10", 1, 1), Op("MOV R13,R11", 1, 1)),
            Event(CostEvent.QuotientPow2, "t = T x 2^-e: subtract the exponent field", exponentDifference),
            Event(CostEvent.QuotientReciprocalLut, "t = T x R[m] x 2^-e: exponent, table load, one float multiply",
                [.. exponentDifference, Estimate("mantissa index: shift and mask", 6, 3), Op("MOV lut(R14),R12", 3, 2, framDataWords: 1),
                 Op("MOV lut+2(R14),R13", 3, 2, framDataWords: 1), .. Sequences.FloatMultiply]),
            Event(CostEvent.QuotientFloatBits, "bits(t) = bits(T) + 0x3F800000 - bits(|a|): one 32-bit subtraction",
                Op("MOV #C_lo,R10", 2, 2), Op("MOV #C_hi,R11", 2, 2), Op("SUB R12,R10", 1, 1), Op("SUBC R13,R11", 1, 1), Op("JN zero", 2, 1),
                Op("CMP #0x7F80,R11", 2, 2), Op("JHS saturate", 2, 1)),
            Event(CostEvent.BucketLookup, "bucket = exponent field of |a|; count from the table; jump", [.. bucketIndex, .. Sequences.ComputedJump]),
            Event(CostEvent.BucketLookupFine, "bucket = exponent and top mantissa bits; count from the table; jump",
                [.. bucketIndex, Estimate("append the top mantissa bits", 6, 3), .. Sequences.ComputedJump]),
            Event(CostEvent.ShiftLeftStep, "float: the exponent field is read, not shifted (the event is never counted)"),
            Event(CostEvent.ShiftRightStep, "float: the exponent field is read, not shifted (the event is never counted)"),
            Event(CostEvent.WideShiftRightStep, "float: the exponent field is read, not shifted (the event is never counted)"),
            Event(CostEvent.ReluTest, "y = x > theta ? x : 0 in place (integer compare of IEEE patterns), a kept element's path",
                Op("MOV @R4+,R12", 2, 1), Op("MOV @R4+,R13", 2, 1), Op("TST R13", 1, 1), Op("JN clear", 2, 1), Op("CMP #theta_hi,R13", 2, 2),
                Op("JHS keep", 2, 1), Op("DEC R7", 1, 1), Op("JNZ relu_loop", 2, 1)),
            Event(CostEvent.ReluTestZero, "y = x > 0 ? x : 0: the same compare as ReluTest (the threshold's high word is an immediate either way)",
                Op("MOV @R4+,R12", 2, 1), Op("MOV @R4+,R13", 2, 1), Op("TST R13", 1, 1), Op("JN clear", 2, 1), Op("CMP #theta_hi,R13", 2, 2),
                Op("JHS keep", 2, 1), Op("DEC R7", 1, 1), Op("JNZ relu_loop", 2, 1)),
            Event(CostEvent.ReluClear, "a cleared element: zero both words in place",
                Op("CLR -4(R4)", 4, 2), Op("CLR -2(R4)", 4, 2)),
            Event(CostEvent.MaxPoolRead, "compare one window element with the running maximum (high word first)",
                Op("CMP x+2(R4),R13", 3, 2), Op("JGE not_larger", 2, 1), Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2)),
            Event(CostEvent.MaxPoolOutput, "the first element is the running maximum; store it, move to the next window",
                Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2), Op("MOV R12,0(R5)", 3, 2), Op("MOV R13,2(R5)", 3, 2), Op("ADD #4,R5", 1, 1),
                Op("ADD #stride,R4", 2, 2), Op("DEC R7", 1, 1), Op("JNZ pool_loop", 2, 1)),
            Event(CostEvent.AvgPoolRead, "add one window element", [Op("MOV x(R4),R14", 3, 2), Op("MOV x+2(R4),R15", 3, 2), .. Sequences.FloatAdd]),
            Event(CostEvent.AvgPoolOutput, "the first element is the sum; multiply it by 1/n, store, move on",
                [Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2), Op("MOV #inv_lo,R14", 2, 2), Op("MOV #inv_hi,R15", 2, 2), .. Sequences.FloatMultiply, Op("MOV R12,0(R5)", 3, 2), Op("MOV R13,2(R5)", 3, 2),
                 Op("ADD #4,R5", 1, 1), Op("DEC R7", 1, 1), Op("JNZ pool_loop", 2, 1)]),
            Event(CostEvent.MaxPoolRow, "the next output row: skip the window rows, reset the column count, count the row",
                Op("ADD #row_skip,R4", 2, 2), Op("MOV #columns,R7", 2, 2), Op("DEC R6", 1, 1), Op("JNZ row_loop", 2, 1)),
            Event(CostEvent.AvgPoolRow, "the next output row: skip the window rows, reset the column count, count the row",
                Op("ADD #row_skip,R4", 2, 2), Op("MOV #columns,R7", 2, 2), Op("DEC R6", 1, 1), Op("JNZ row_loop", 2, 1)),
        });
    }

    /// <summary>
    /// The C backend's table-driven conv/dense loops as clang-14 -O2 compiles them (docs/msp430-c.md), shared by the
    /// Q15 profiles. Where a loop's work happens at a frequency no event has, the comment says which event carries it.
    /// </summary>
    private static class Loops
    {
        /// <summary>
        /// A padded output-stationary convolution's tap (the DS-CNN's depthwise layers): the tap's row and column offsets
        /// added to the output's window origin and compared with the map, and what the padded loop runs beyond Dense's
        /// (<see cref="CostEvent.Mac"/>, priced for the inside taps): two more table pointers and the jump back. A tap
        /// outside the map leaves after a failed test (11 or 15 instructions where this and Mac price 21).
        /// </summary>
        public static Instruction[] WindowTest { get; } =
        [
            Table("MOV.B 0(R4),R10"), Cpu("ADD R8,R10"), Cpu("CMP #height,R10"), Cpu("JHS next_tap"),
            Table("MOV.B 0(R15),R10"), Cpu("ADD R6,R10"), Cpu("CMP #width,R10"), Cpu("JHS next_tap"),
            Cpu("INC R4"), Cpu("INC R15"), Cpu("INCD R13"), Cpu("JMP tap_loop"),
        ];

        /// <summary>The high word clang computes for an int16 widened to int32: the sign, by a byte swap and seven shifts.</summary>
        public static Instruction[] HighWordOf(string register) =>
            [Cpu($"SWPB {register}"), Cpu($"SXT {register}"), .. Repeat([Cpu($"RRA {register}")], 7)];

        /// <summary>|a| without a branch: a + sign, XOR sign.</summary>
        public static Instruction[] Magnitude(string a, string sign, string result) =>
            [Cpu($"MOV {a},{sign}"), .. HighWordOf(sign), Cpu($"MOV {a},{result}"), Cpu($"ADD {sign},{result}"), Cpu($"XOR {sign},{result}")];

        /// <summary>A kept ReLU element: store it back, next element.</summary>
        public static readonly Instruction[] ReluStore = [Cpu("MOV R13,x(R12)"), Cpu("INCD R12"), Cpu("CMP #end,R12"), Cpu("JEQ done")];

        public static Instruction[] Repeat(Instruction[] step, int times) => Enumerable.Repeat(step, times).SelectMany(s => s).ToArray();

        /// <summary>
        /// unit_requantize, the part every output runs: the sum rounded (half of 2^shift added, the carry into the high
        /// word) and its sign. One of two tails follows, counted at run time: at a shift of 16
        /// <see cref="RequantizeNonNegativeTail"/> or <see cref="RequantizeNegativeTail"/>, below it the Shifted ones.
        /// </summary>
        public static Instruction[] Requantize(string low, string high) =>
        [
            Cpu($"MOV {low},R14"), Cpu("MOV R14,R15"), Cpu("ADD #32768,R15"), Cpu("CMP R14,R15"), Cpu("MOV #1,R8"), Cpu("BIC R2,R8"), Cpu($"MOV {high},R14"),
            Cpu("ADD R14,R8"), Cpu("TST R14"), Cpu("JL negative"),
        ];

        /// <summary>A sum of 0 or more: the rounded high word against 32767 (a saturated one also runs a MOV and a jump, left out: rare).</summary>
        public static readonly Instruction[] RequantizeNonNegativeTail = [Cpu("CMP #32767,R8"), Cpu("JLO store")];

        /// <summary>
        /// A negative sum: the rounded high word's sign (clang's int32 widening), then the test against -32767, as for a
        /// rounded word below 0 (a sum from -32768 to -1 rounds to 0 and skips the CLR; a saturated one adds a MOV and a jump).
        /// </summary>
        public static readonly Instruction[] RequantizeNegativeTail =
        [
            Cpu("MOV R8,R11"), .. HighWordOf("R11"), Cpu("MOV #1,R15"), Cpu("TST R11"), Cpu("JGE rounded_zero"), Cpu("CLR R15"),
            Cpu("CMP #-32766,R8"), Cpu("MOV R2,R11"), Cpu("TST R8"), Cpu("JL below_zero"), Cpu("AND #1,R11"), Cpu("TST R11"), Cpu("JNE store"),
        ];

        /// <summary>A word shifted right by 15 as clang spells it: the byte swap and zero extension, a rotate through carry, six more shifts.</summary>
        private static Instruction[] ShiftRightBy15(string register) =>
            [Cpu($"SWPB {register}"), Cpu($"MOV.B {register},{register}"), Cpu("CLRC"), Cpu($"RRC {register}"), .. Repeat([Cpu($"RRA {register}")], 6)];

        /// <summary>The result at a shift of 15: the rounded low word's top bit under the high word shifted left by one.</summary>
        private static Instruction[] CombineWords(string low, string high) =>
            [.. ShiftRightBy15(low), Cpu($"MOV {high},R12"), Cpu("ADD R12,R12"), Cpu($"BIS {low},R12")];

        /// <summary>
        /// A sum of 0 or more at a shift of 15 (R4, R5: the rounded low and high words): the result, then whether the
        /// shifted high word is 0 and the result at most 32767 (a saturated one takes another path, left out: rare).
        /// Other shifts below 16 shift by other counts.
        /// </summary>
        public static readonly Instruction[] RequantizeShiftedNonNegativeTail =
        [
            .. CombineWords("R4", "R5"), Cpu("CMP #32767,R12"), Cpu("MOV R2,R8"), .. ShiftRightBy15("R5"), Cpu("TST R5"), Cpu("JEQ high_zero"),
            Cpu("MOV #1,R5"), Cpu("BIC R8,R5"), Cpu("TST R5"), Cpu("JNE store"),
        ];

        /// <summary>A negative sum at a shift of 15: the high word's sign (as at 16), the result from both words, the test against -32767.</summary>
        public static readonly Instruction[] RequantizeShiftedNegativeTail =
        [
            Cpu("MOV R5,R12"), .. HighWordOf("R12"), Cpu("MOV #1,R8"), Cpu("TST R12"), Cpu("JGE rounded_zero"), Cpu("CLR R8"), .. CombineWords("R4", "R5"),
            Cpu("CMP #-32766,R12"), Cpu("MOV R2,R4"), Cpu("TST R5"), Cpu("JL below_zero"), Cpu("AND #1,R4"), Cpu("TST R4"), Cpu("JNE store"),
        ];

        /// <summary>Output-stationary: store the output; the position loop (its per-row step is left out: one row is 24 outputs).</summary>
        public static readonly Instruction[] OutputStore =
            [Cpu("MOV R8,0(R13)"), Cpu("INCD R13"), Cpu("INC R6"), Cpu("MOV x(R1),R14"), Cpu("CMP R14,R6"), Cpu("JEQ next_row")];

        public static readonly Instruction[] BiasPreload = [Cpu("MOV x(R1),R14"), Cpu("MOV R14,&RESLO"), Cpu("MOV x(R1),R14"), Cpu("MOV R14,&RESHI")];

        public static readonly Instruction[] BiasIntoRegisters = [Cpu("MOV x(R1),R10"), Cpu("MOV x(R1),R11")];

        /// <summary>The channel's tap range from TapStart and the table pointers.</summary>
        public static readonly Instruction[] TapRange =
        [
            Table("MOV.B T(R11),R5"), Cpu("MOV R10,R11"), Table("MOV.B T(R10),R7"), Cpu("CMP.B R5,R7"), Cpu("JHS no_taps"), Cpu("MOV R7,R4"), Cpu("ADD #T,R4"),
            Cpu("SUB R7,R5"), Cpu("ADD R7,R7"), Cpu("MOV R7,R8"), Cpu("ADD #T,R8"), Cpu("ADD #T,R7"), Cpu("JMP first_tap"),
        ];

        public static readonly Instruction[] TapInputLoad = [Table("MOV.B 0(R11),R10"), Cpu("ADD R10,R10")];

        public static readonly Instruction[] TapLoopNext = [Cpu("INC R11"), Cpu("ADD #-1,R15"), Cpu("TST R15"), Cpu("JNE tap_loop")];

        /// <summary>A convolution's 16-bit input offset: the output's base plus the offset, read with a post-increment (no pointer step).</summary>
        public static readonly Instruction[] WideTapInputLoad = [Cpu("MOV R7,R6"), Table("ADD @R4+,R6"), Cpu("ADD R6,R6")];

        /// <summary>A fully connected layer's 16-bit input offset: the input's index itself, read with a post-increment.</summary>
        public static readonly Instruction[] WideDenseTapInputLoad = [Table("MOV @R11+,R10"), Cpu("ADD R10,R10")];

        /// <summary>The tap loop of 16-bit offsets: the count alone (the offset pointer stepped in its load).</summary>
        public static readonly Instruction[] WideTapLoopNext = [Cpu("ADD #-1,R15"), Cpu("TST R15"), Cpu("JNE tap_loop")];

        public static readonly Instruction[] GatherTapNext =
            [Cpu("INCD R4"), Cpu("INCD R12"), Cpu("INCD R8"), Cpu("ADD #-1,R5"), Cpu("TST R5"), Cpu("JEQ output_done")];

        /// <summary>The bias into one accumulator (the per-channel step is left out: a channel has hundreds of outputs).</summary>
        public static readonly Instruction[] AccumulatorInit =
            [Cpu("MOV #bias_hi,2(R13)"), Cpu("MOV #bias_lo,0(R13)"), Cpu("ADD #4,R13"), Cpu("ADD #-1,R14"), Cpu("TST R14"), Cpu("JNE init_loop")];

        public static readonly Instruction[] AccumulatorStore = [Cpu("MOV R8,0(R12)"), Cpu("ADD #4,R13"), Cpu("INCD R12"), Cpu("CMP #end,R12"), Cpu("JEQ done")];

        /// <summary>One input pixel (the per-row step is left out: a row is 28 or 12 pixels).</summary>
        public static readonly Instruction[] InputVisit =
        [
            Cpu("MOV x(R1),R12"), Cpu("INCD R12"), Cpu("INC R11"), Cpu("CMP #width,R11"), Cpu("JEQ next_row"), Cpu("MOV R12,x(R1)"), Cpu("MOV 0(R12),R10"),
            Cpu("TST R10"), Cpu("JEQ next_pixel"),
        ];

        /// <summary>A non-zero input's |a|.</summary>
        public static readonly Instruction[] ActiveInput = Magnitude("R10", "R13", "R8");

        /// <summary>
        /// A convolution pixel's scatter base (its row's base, spilled, plus the column) and the interior test: its row,
        /// then its column, against the interior's bounds (a border pixel leaves at the first that fails).
        /// </summary>
        public static readonly Instruction[] PixelBaseAndInteriorTest =
        [
            Cpu("MOV x(R1),R14"), Cpu("MOV R14,R10"), Cpu("MOV x(R1),R12"), Cpu("ADD R12,R10"), Cpu("MOV x(R1),R12"), Cpu("CMP #rows,R12"),
            Cpu("JHS border"), Cpu("TST R14"), Cpu("JEQ border"), Cpu("CMP #last,R14"), Cpu("JHS border"),
        ];

        /// <summary>
        /// The pixel loop's row step: the spilled row base and row count stepped, the column count cleared (the last
        /// pixel's column step is InputVisit's).
        /// </summary>
        public static readonly Instruction[] InputRow =
        [
            Cpu("MOV x(R1),R12"), Cpu("ADD #width,R12"), Cpu("MOV R12,x(R1)"), Cpu("MOV x(R1),R12"), Cpu("INC R12"), Cpu("MOV R12,x(R1)"),
            Cpu("CMP #rows,R12"), Cpu("JEQ next_channel"), Cpu("CLR R7"), Cpu("MOV x(R1),R12"), Cpu("AND #32764,R12"), Cpu("MOV R12,x(R1)"),
            Cpu("JMP pixel_loop"),
        ];

        /// <summary>
        /// Bucketed's row step: InputRow's, then the border window's first and last kernel rows for the row, clamped and
        /// spilled (clang hoists them out of the pixel loop; priced with both clamps taken, as for most rows).
        /// </summary>
        public static readonly Instruction[] InputRowWindow =
        [
            Cpu("MOV x(R1),R12"), Cpu("ADD #width,R12"), Cpu("MOV R12,x(R1)"), Cpu("MOV x(R1),R12"), Cpu("INC R12"), Cpu("CMP #rows,R12"),
            Cpu("JEQ next_channel"), Cpu("MOV #2,R14"), Cpu("MOV R14,x(R1)"), Cpu("TST R12"), Cpu("JEQ first_row"), Cpu("MOV #3,R14"),
            Cpu("MOV R14,x(R1)"), Cpu("CMP #last,R12"), Cpu("MOV R12,R7"), Cpu("JHS last_row"), Cpu("MOV #last,R7"), Cpu("CLR R14"),
            Cpu("MOV R12,x(R1)"), Cpu("ADD #-1,R12"), Cpu("MOV R12,x(R1)"), Cpu("ADD #-last,R7"), Cpu("MOV R7,x(R1)"), Cpu("JMP pixel_loop"),
        ];

        /// <summary>Key against t, both in the key table's type (the C backend clamps t once per quotient), and the key pointer's step.</summary>
        public static readonly Instruction[] ListCompare = [Table("CMP 0(R15),R14"), Cpu("JHS list_exit"), Cpu("INCD R15")];

        /// <summary>
        /// After each quotient: t clamped to the key table's type (ClampQuotient) and the list's range and table pointers
        /// (ListRange). Sorted and Gather compute one quotient per list walk, so the quotient events carry both.
        /// </summary>
        public static readonly Instruction[] ClampQuotient =
        [
            Cpu("MOV #1,R9"), Cpu("TST R10"), Cpu("MOV #1,R8"), Cpu("JL negative"), Cpu("CMP #32767,R15"), Cpu("MOV R2,R7"), Cpu("TST R10"),
            Cpu("JEQ high_zero"), Cpu("MOV R8,R9"), Cpu("JMP test"), Cpu("TST R9"), Cpu("JNE in_range"), Cpu("MOV #32767,R15"),
        ];

        public static readonly Instruction[] ListRange =
        [
            Table("MOV T(R14),R14"), Table("MOV T(R11),R11"), Cpu("SUB R14,R11"), Cpu("CMP #1,R11"), Cpu("JL empty"), Cpu("MOV R14,R10"), Cpu("ADD #T,R10"),
            Cpu("ADD R14,R14"), Cpu("MOV R14,R9"), Cpu("ADD #T,R9"), Cpu("ADD #T,R14"),
        ];

        /// <summary>acc[b + offset] += product, with the offset a table read, as two words and a carry.</summary>
        public static readonly Instruction[] AccumulateProduct =
        [
            Cpu("MOV R10,R9"), Table("ADD @R12+,R9"), Cpu("ADD R9,R9"), Cpu("ADD R9,R9"), Cpu("MOV R11,R7"), Cpu("ADD x(R9),R7"), Cpu("CMP R11,R7"),
            Cpu("MOV #1,R11"), Cpu("BIC R2,R11"), Cpu("MOV R7,x(R9)"), Cpu("ADD x+2(R9),R13"), Cpu("ADD R11,R13"), Cpu("MOV R13,x+2(R9)"),
        ];

        /// <summary>acc[offset] += product on a dense layer: the offset a byte (a table read), no base, two words and a carry.</summary>
        public static readonly Instruction[] DenseAccumulateProduct =
        [
            Table("MOV.B 0(R10),R6"), Cpu("ADD R6,R6"), Cpu("ADD R6,R6"), Cpu("MOV R11,R5"), Cpu("ADD x(R6),R5"), Cpu("CMP R11,R5"), Cpu("MOV R5,x(R6)"),
            Cpu("MOV #1,R11"), Cpu("BIC R2,R11"), Cpu("ADD x+2(R6),R13"), Cpu("ADD R11,R13"), Cpu("MOV R13,x+2(R6)"),
        ];

        /// <summary>A dense Gather list's entry: step the key, weight and offset pointers and the count, then compare the key (a table read) with t.</summary>
        public static readonly Instruction[] ListTest =
        [
            Cpu("INCD R9"), Cpu("INCD R14"), Cpu("INC R10"), Cpu("ADD #-1,R12"), Cpu("TST R12"), Cpu("JEQ list_done"), Table("CMP 0(R9),R15"), Cpu("JGE next_entry"),
        ];

        public static readonly Instruction[] EntryLoopNext = [Cpu("ADD #-1,R14"), Cpu("TST R14"), Cpu("JNE entry_loop")];

        /// <summary>Bucketed border pixel: ky0, ky1, kx0, kx1 clamped to the kernel.</summary>
        public static readonly Instruction[] TapWindow =
        [
            Cpu("CMP #first,R13"), Cpu("MOV R13,x(R1)"), Cpu("JLO clamp"), Cpu("MOV #first,R12"), Cpu("MOV R12,x(R1)"), Cpu("CMP #last,R13"), Cpu("JHS clamp"),
            Cpu("MOV #last,R13"), Cpu("CLR R12"), Cpu("ADD #shift,R13"), Cpu("MOV R13,x(R1)"), Cpu("CLR R14"), Cpu("JMP row_loop"),
        ];

        /// <summary>
        /// One kernel row of a Bucketed border pixel's tap loop (rows 0..ky1, those above ky0 skipped). Rows per pixel
        /// have no event of their own; BorderSetup carries them, priced at 4 rows (a pixel on a left or right border
        /// walks all 5, one near the top or bottom fewer).
        /// </summary>
        public static readonly Instruction[] KernelRowStep =
        [
            Cpu("ADD #width,R14"), Cpu("MOV x(R1),R15"), Cpu("MOV R15,R12"), Cpu("INC R12"), Cpu("MOV x(R1),R13"), Cpu("CMP R13,R15"), Cpu("MOV x(R1),R6"),
            Cpu("JEQ done"), Cpu("MOV R12,x(R1)"), Cpu("CMP R6,R12"), Cpu("JLO next_row"), Cpu("MOV x(R1),R12"), Cpu("MOV x(R1),R13"), Cpu("CMP R13,R12"),
            Cpu("JL next_row"), Cpu("MOV x(R1),R4"), Cpu("JMP column_loop"),
        ];

        /// <summary>
        /// Sorted border pixel: the border walk's own loop step (four table pointers: the key pointer's step is
        /// ListCompare's) and the entry's row test. The ReciprocalLut classes' second convolutions reload the pixel's row
        /// from the stack (<c>MOV x(R1),R6</c>, 2 cycles more); the others hold it in a register, as priced.
        /// </summary>
        public static readonly Instruction[] BorderTest =
        [
            Cpu("INC R15"), Cpu("INC R7"), Cpu("INCD R8"), Cpu("INCD R11"), Cpu("ADD #-1,R5"), Cpu("TST R5"), Cpu("JEQ done"),
            Table("MOV.B 0(R15),R10"), Cpu("MOV R9,R6"), Cpu("SUB R10,R6"), Cpu("CMP #rows,R6"), Cpu("JHS next_entry"),
        ];

        /// <summary>Sorted border pixel, an entry whose row is inside: its column test.</summary>
        public static readonly Instruction[] BorderColumnTest =
            [Table("MOV.B 0(R7),R10"), Cpu("MOV R12,R6"), Cpu("SUB R10,R6"), Cpu("CMP #columns,R6"), Cpu("JHS next_entry")];

        /// <summary>
        /// A Sorted border pixel's kept entry after its product (BorderMac): acc[b + offset] += product as in
        /// AccumulateProduct, but the border walk keeps five table pointers live, so clang reloads the pixel's base and
        /// two more registers from the stack around it (and moves one spill slot through a register), and reads the
        /// offset without a post-increment (BorderTest steps the pointers); then the jump back to the loop's step.
        /// </summary>
        public static readonly Instruction[] BorderAccumulateProduct =
        [
            Cpu("MOV R7,R9"), Cpu("MOV x(R1),R13"), Cpu("MOV R13,x(R1)"), Cpu("MOV x(R1),R10"), Table("ADD 0(R11),R10"), Cpu("ADD R10,R10"),
            Cpu("ADD R10,R10"), Cpu("MOV R7,R13"), Cpu("ADD x(R10),R13"), Cpu("CMP R7,R13"), Cpu("MOV R9,R7"), Cpu("MOV x(R1),R9"), Cpu("MOV R13,x(R10)"),
            Cpu("MOV #1,R13"), Cpu("BIC R2,R13"), Cpu("ADD x+2(R10),R6"), Cpu("ADD R13,R6"), Cpu("MOV R6,x+2(R10)"), Cpu("MOV x(R1),R10"), Cpu("JMP next_entry"),
        ];

        /// <summary>
        /// A Sorted convolution with one input channel walks its one list with one index into the absolutely addressed
        /// tables (FixedEvents.WalksOneList): the key's compare has no pointer step (OneListEntryNext steps the index).
        /// </summary>
        public static readonly Instruction[] OneListCompare = [Table("CMP x(R7),R8"), Cpu("JGE list_exit")];

        /// <summary>acc[b + offset] += product in a one-list walk: the offset read by the index, two words and a carry.</summary>
        public static readonly Instruction[] OneListAccumulateProduct =
        [
            Cpu("MOV R9,R15"), Table("ADD x(R7),R15"), Cpu("ADD R15,R15"), Cpu("ADD R15,R15"), Cpu("MOV R6,R4"), Cpu("ADD x(R15),R4"), Cpu("CMP R6,R4"),
            Cpu("MOV R4,x(R15)"), Cpu("MOV #1,R6"), Cpu("BIC R2,R6"), Cpu("ADD x+2(R15),R5"), Cpu("ADD R6,R5"), Cpu("MOV R5,x+2(R15)"),
        ];

        /// <summary>The one-list walk's step: the index against the list's end (a constant).</summary>
        public static readonly Instruction[] OneListEntryNext = [Cpu("INCD R7"), Cpu("CMP #end,R7"), Cpu("JNE entry_loop")];

        /// <summary>A one-list border walk's step (the index, the row and column pointers) and the entry's row test.</summary>
        public static readonly Instruction[] OneListBorderTest =
        [
            Cpu("INC R5"), Cpu("INC R6"), Cpu("INCD R7"), Cpu("CMP #end,R7"), Cpu("JEQ done"),
            Table("MOV.B 0(R5),R15"), Cpu("MOV R10,R4"), Cpu("SUB R15,R4"), Cpu("CMP #rows,R4"), Cpu("JHS next_entry"),
        ];

        /// <summary>Bucketed border pixel, one tap: the column step, cell = list x slots + slot (unit_index on the multiplier), the count, the pointers.</summary>
        public static readonly Instruction[] TapLookup =
        [
            Cpu("MOV R4,R12"), Cpu("INC R12"), Cpu("MOV x(R1),R13"), Cpu("CMP R13,R4"), Cpu("MOV R12,R4"), Cpu("MOV R5,R11"), Cpu("JHS next_row"),
            Cpu("MOV R4,R12"), Cpu("ADD R14,R12"), Cpu("MOV R12,&MPY"), Cpu("MOV #slots,&OP2"), Cpu("MOV R11,R5"), Cpu("MOV R11,R15"), Cpu("ADD &RESLO,R15"),
            Cpu("MOV &RESHI,R11"), Table("MOV.B T(R15),R15"), Cpu("TST.B R15"), Cpu("JEQ next_tap"), Table("MOV.B T(R12),R11"), Cpu("ADD R11,R11"),
            Cpu("MOV R11,R12"), Cpu("ADD #T,R12"), Cpu("ADD #T,R11"),
        ];

        /// <summary>
        /// Bucketed border pixel, one tap, when the tap tables have a band: the column step (its bounds spilled to the
        /// stack), the index product and the count, the list pointers (a count above 0), then the tap's upper bound read
        /// and compared with the count (most taps have no band and go on to the next).
        /// </summary>
        public static readonly Instruction[] TapLookupBand =
        [
            Cpu("MOV x(R1),R15"), Cpu("MOV x(R1),R11"), Cpu("MOV R11,R14"), Cpu("INC R14"), Cpu("MOV x(R1),R13"), Cpu("CMP R13,R11"), Cpu("JHS next_row"),
            Cpu("MOV R14,x(R1)"), Cpu("MOV x(R1),R13"), Cpu("ADD R13,R14"), Cpu("MOV R14,&MPY"), Cpu("ADD R14,R14"), Table("MOV T(R14),R6"), Cpu("MOV #slots,&OP2"),
            Cpu("MOV R15,R14"), Cpu("ADD &RESLO,R14"), Cpu("MOV &RESHI,R15"), Table("MOV.B T(R14),R7"), Cpu("TST.B R7"), Cpu("MOV x(R1),R8"), Cpu("JEQ no_low"),
            Cpu("MOV R6,R15"), Cpu("ADD R15,R15"), Cpu("MOV R15,R11"), Cpu("ADD #T,R11"), Cpu("ADD #T,R15"), Cpu("MOV R7,R5"),
            Table("MOV.B T(R14),R5"), Cpu("CMP.B R5,R7"), Cpu("JHS next_tap"),
        ];

        /// <summary>One restoring step of unit_divide_half: shift the remainder, bring in the numerator's bit, subtract when it fits.</summary>
        private static readonly Instruction[] DivideStep =
        [
            Cpu("SUB R13,R5"), Cpu("BIS R14,R7"), Cpu("CLRC"), Cpu("MOV R6,R14"), Cpu("RRC R14"), Cpu("CMP #2,R6"), Cpu("MOV R5,R13"), Cpu("MOV R14,R6"),
            Cpu("JLO done"), Cpu("MOV #1,R15"), Cpu("TST R13"), Cpu("JGE no_carry"), Cpu("ADD R13,R13"), Cpu("BIT #n_bits,R6"), Cpu("MOV R2,R5"),
            Cpu("AND #1,R5"), Cpu("BIS R13,R5"), Cpu("CMP R8,R5"), Cpu("BIC R2,R15"), Cpu("AND #1,R15"), Cpu("TST R15"), Cpu("CLR R13"), Cpu("JNE subtract"),
            Cpu("MOV R8,R13"), Cpu("TST R15"), Cpu("CLR R14"), Cpu("JNE next_step"),
        ];

        /// <summary>One 16-bit half of unit_divide (inlined): set-up, then 16 steps.</summary>
        public static readonly Instruction[] DivideHalf =
            [Cpu("MOV #32768,R6"), Cpu("CLR R13"), Cpu("CLR R7"), Cpu("MOV x(R1),R12"), Cpu("JMP first_step"), .. Repeat(DivideStep, 16)];

        /// <summary>unit_floor_log2 inlined: halve the search range four times (each optional step taken, as for |a| of 16384 and above).</summary>
        public static readonly Instruction[] Exponent =
        [
            Cpu("CLR.B R14"), Cpu("CMP #256,R11"), Cpu("JLO low_byte"), Cpu("MOV.B #8,R14"), Cpu("CMP #256,R11"), Cpu("JLO low_byte"), Cpu("SWPB R11"),
            Cpu("MOV.B R11,R11"), Cpu("CLRC"), Cpu("MOV R11,R15"), Cpu("RRC R15"), Cpu("MOV R11,R12"), Cpu("AND #240,R12"), Cpu("TST R12"), Cpu("JEQ below_16"),
            Cpu("RRA R15"), Cpu("RRA R15"), Cpu("RRA R15"), Cpu("MOV R15,R11"), Cpu("TST R12"), Cpu("JEQ below_16"), Cpu("BIS.B #4,R14"), Cpu("MOV R11,R12"),
            Cpu("AND #12,R12"), Cpu("CLRC"), Cpu("MOV.B R11,R15"), Cpu("RRC.B R15"), Cpu("TST R12"), Cpu("JEQ below_4"), Cpu("RRA.B R15"), Cpu("MOV.B R15,R11"),
            Cpu("TST R12"), Cpu("JEQ below_4"), Cpu("BIS.B #2,R14"), Cpu("CLRC"), Cpu("RRC.B R11"), Cpu("AND.B #1,R11"), Cpu("BIS.B R14,R11"),
        ];

        /// <summary>
        /// unit_shift_right of the layer's constant N, e of 8 and above: clang folds N &gt;&gt; 8 into two words chosen by
        /// three tests of e (the high word is 0 for N below 2^24), then e - 8 and the test for remaining bits.
        /// </summary>
        public static readonly Instruction[] ShiftRightByEight =
        [
            Cpu("CLR R10"), Cpu("CMP.B #8,R11"), Cpu("JHS high_word"), Cpu("MOV #N_lo,R15"), Cpu("CMP.B #8,R11"), Cpu("JHS low_word"), Cpu("CMP.B #8,R11"),
            Cpu("JLO bits"), Cpu("ADD.B #-8,R11"), Cpu("TST.B R11"), Cpu("JEQ shifted"),
        ];

        /// <summary>unit_shift_right: one bit of a 32-bit shift, as clang spells it (the low word's top bit from the high word shifted left by 15).</summary>
        public static readonly Instruction[] ShiftRightStep =
        [
            Cpu("MOV R10,R9"), Cpu("MOV.B R9,R9"), Cpu("SWPB R9"), Cpu("CLRC"), Cpu("RRC R15"), .. Repeat([Cpu("ADD R9,R9")], 7), Cpu("BIS R9,R15"),
            Cpu("CLRC"), Cpu("RRC R10"), Cpu("ADD.B #-1,R11"), Cpu("TST.B R11"), Cpu("JNE shift"),
        ];

        /// <summary>A variable left shift of a 16-bit value, one bit per step (m shifted left by 15 - e, 3 shifted left by e).</summary>
        public static readonly Instruction[] ShiftLeftStep = [Cpu("ADD R14,R14"), Cpu("SUB.B #1,R15"), Cpu("JNE shift")];

        /// <summary>The top mantissa bits below the leading one: m shifted left by 15 - e (its steps: ShiftLeftStep), then the index.</summary>
        public static readonly Instruction[] MantissaIndex =
        [
            Cpu("MOV.B R10,R15"), Cpu("XOR.B #15,R15"), Cpu("CMP.B #0,R15"), Cpu("JEQ aligned"), Cpu("SWPB R14"),
            Cpu("MOV.B R14,R14"), Cpu("CLRC"), Cpu("RRC R14"), Cpu("RRA R14"), Cpu("AND #30,R14"),
        ];

        /// <summary>unit_multiply_shift: one bit of the 48-bit right shift (bottom OR top shifted left by 15, as clang spells it).</summary>
        public static readonly Instruction[] WideShiftRightStep =
        [
            Cpu("MOV R15,R7"), Cpu("MOV.B R7,R7"), Cpu("SWPB R7"), Cpu("CLRC"), Cpu("RRC R14"), .. Repeat([Cpu("ADD R7,R7")], 7), Cpu("BIS R7,R14"),
            Cpu("MOV R8,R7"), Cpu("MOV.B R7,R7"), Cpu("SWPB R7"), Cpu("CLRC"), Cpu("RRC R15"), .. Repeat([Cpu("ADD R7,R7")], 7), Cpu("BIS R7,R15"),
            Cpu("CLRC"), Cpu("RRC R8"), Cpu("ADD.B #-1,R10"), Cpu("TST.B R10"), Cpu("JNE shift"),
        ];

        /// <summary>The bucket slot clamped to the table, the list's count (a table read), the list pointers.</summary>
        public static readonly Instruction[] BucketClampAndCount =
        [
            Cpu("CMP.B #last,R11"), Cpu("JLO clamped"), Cpu("CMP #first,R11"), Cpu("JHS clamped"), Cpu("ADD #-first,R11"), Cpu("CMP #2,R11"), Cpu("JLO empty"),
            Table("MOV.B x(R11),R14"), Cpu("CMP.B #2,R14"), Cpu("JHS counted"), Cpu("MOV #T,R12"), Cpu("MOV #T,R15"),
        ];
    }

    /// <summary>Instruction sequences several events share (a nested class so they exist before the profiles are built).</summary>
    private static class Sequences
    {
        public static readonly Instruction[] ComputedJump =
        [
            Op("MOV.B counts(R15),R14", 3, 2, framDataWords: 1),
            Estimate("entry address = list end - count x entry size (shift-and-add)", 6, 3),
            Op("ADD R14,PC", 3, 1),
        ];

        public static readonly Instruction[] FloatMultiply = [Op("CALL #__mspabi_mpyf", 4, 2), Estimate("__mspabi_mpyf body (MPY32-assisted)", 120)];

        public static readonly Instruction[] FloatAdd = [Op("CALL #__mspabi_addf", 4, 2), Estimate("__mspabi_addf body (align, add, normalise, round)", 140)];
    }
}
