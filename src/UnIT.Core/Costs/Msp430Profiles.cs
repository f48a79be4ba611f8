using UnIT.Collections;
using static UnIT.Costs.Instruction;

namespace UnIT.Costs;

/// <summary>
/// The built-in cost profiles. Each event is written as the MSP430 instruction sequence a hand-written kernel would
/// use, priced from the CPUXV2 format-I/II tables (cycles, words): Rn→Rm 1/1, @Rn+→Rm 2/1, #N→Rm 2/2 (constant
/// generator values 1/1), x(Rn)→Rm 3/2, Rn→x(Rm) 4/2 (MOV 3), #N→memory 5/3 (MOV, CMP 4), x(Rn)→memory 6/3 (MOV 5),
/// Rn→PC 3/1, jumps 2/1, CALL #N 4/2. Run-time library bodies and data-dependent shifts are estimates, marked so.
/// Register conventions: R4 input pointer, R5 output pointer, R6 accumulator base, R7 loop counter, R12–R15 scratch.
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

    private static Instruction[] Multiply32By16(bool multiplier) => multiplier
        ?
        [
            Op("MOV #N_lo,&MPY32L", 4, 3), Op("MOV #N_hi,&MPY32H", 4, 3), Op("MOV R14,&OP2", 3, 2),
            Op("NOP", 1, 1), Op("NOP", 1, 1), Op("NOP", 1, 1), // RES1 is ready 3 cycles after OP2
            Op("MOV &RES1,R14", 3, 2), Op("MOV &RES2,R15", 3, 2),
        ]
        : [Op("CALL #__mspabi_mpyl", 4, 2), Estimate("__mspabi_mpyl body: 32x16 shift-and-add", 180)];

    private static Dictionary<CostEvent, EventCost> Q15Events(bool multiplier)
    {
        var scatterMultiply = multiplier
            ? new[] { Op("MOV #w,&OP2", 4, 3), Op("ADD &RESLO,x(R6)", 6, 3), Op("ADDC &RESHI,x+2(R6)", 6, 3) }
            : [Op("MOV R8,R12", 1, 1), Op("MOV #w,R13", 2, 2), Op("CALL #__mspabi_mpysl", 4, 2), Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110),
               Op("ADD R12,x(R6)", 4, 2), Op("ADDC R13,x+2(R6)", 4, 2)];

        var outputSetup = multiplier
            ? new[] { Op("MOV #bias_lo,&RESLO", 4, 3), Op("MOV #bias_hi,&RESHI", 4, 3), Op("MOV &RESLO,R12", 3, 2), Op("MOV &RESHI,R13", 3, 2) }
            : [Op("MOV #bias_lo,R10", 2, 2), Op("MOV #bias_hi,R11", 2, 2), Op("MOV R10,R12", 1, 1), Op("MOV R11,R13", 1, 1)];

        return ToDictionary(new[]
        {
            Event(CostEvent.OutputSetup, "bias into the accumulator; read, requantise, saturate, store one output",
                [.. outputSetup, .. Sequences.Requantize, Op("MOV R12,0(R5)", 3, 2), Op("INCD R5", 1, 1), Op("DEC R7", 1, 1), Op("JNZ output_loop", 2, 1)]),
            Event(CostEvent.Mac, "output-stationary multiply-accumulate",
                multiplier
                    ? [Op("MOV x(R4),&MACS", 5, 3), Op("MOV #w,&OP2", 4, 3)]
                    : [Op("MOV x(R4),R12", 3, 2), Op("MOV #w,R13", 2, 2), Op("CALL #__mspabi_mpysl", 4, 2),
                       Estimate("__mspabi_mpysl body: 16x16 shift-and-add", 110), Op("ADD R12,R10", 1, 1), Op("ADDC R13,R11", 1, 1)]),
            Event(CostEvent.GatherCompare, "a >= 0: keep iff a > tau (tau is an immediate)",
                Op("CMP #tau+1,x(R4)", 4, 3), Op("JL skip", 2, 1)),
            Event(CostEvent.GatherCompareSigned, "signed a: |a| > tau as one unsigned test of a + tau against 2 tau",
                Op("MOV x(R4),R12", 3, 2), Op("ADD #tau,R12", 2, 2), Op("CMP #2tau+1,R12", 2, 2), Op("JLO skip", 2, 1)),
            Event(CostEvent.ScatterSetup, "bias into a 32-bit RAM accumulator; later read, requantise, saturate, store",
                [Op("MOV #bias_lo,x(R6)", 4, 3), Op("MOV #bias_hi,x+2(R6)", 4, 3), Op("DEC R7", 1, 1), Op("JNZ init_loop", 2, 1),
                 Op("MOV @R6+,R12", 2, 1), Op("MOV @R6+,R13", 2, 1), .. Sequences.Requantize, Op("MOV R12,0(R5)", 3, 2), Op("INCD R5", 1, 1),
                 Op("DEC R7", 1, 1), Op("JNZ store_loop", 2, 1)]),
            Event(CostEvent.InputVisit, "load one input, skip it if zero",
                Op("MOV @R4+,R12", 2, 1), Op("TST R12", 1, 1), Op("JZ next_input", 2, 1), Op("DEC R7", 1, 1), Op("JNZ input_loop", 2, 1)),
            Event(CostEvent.ActiveInput, "a non-zero input: multiplier operand, |a|, accumulator window base",
                multiplier
                    ? [Op("MOV R12,&MPYS", 3, 2), Op("MOV R12,R13", 1, 1), Op("JGE positive", 2, 1), Op("INV R13", 1, 1), Op("INC R13", 1, 1), Op("INCD R6", 1, 1)]
                    : [Op("MOV R12,R8", 1, 1), Op("MOV R12,R13", 1, 1), Op("JGE positive", 2, 1), Op("INV R13", 1, 1), Op("INC R13", 1, 1), Op("INCD R6", 1, 1)]),
            Event(CostEvent.ListCompare, "keep iff key > t (key an immediate, t in R14)",
                Op("CMP #key,R14", 2, 2), Op("JHS list_exit", 2, 1)),
            Event(CostEvent.ScatterMac, "input-stationary multiply, product added into a RAM accumulator", scatterMultiply),
            Event(CostEvent.BorderSetup, "border pixel: window from per-row and per-column tables (mask = row AND column mask; or first/last valid row and column)",
                Op("MOV rowmask(R11),R10", 3, 2, framDataWords: 1), Op("AND colmask(R12),R10", 3, 2, framDataWords: 1),
                Op("MOV rowmask+2(R11),R9", 3, 2, framDataWords: 1), Op("AND colmask+2(R12),R9", 3, 2, framDataWords: 1)),
            Event(CostEvent.BorderTest, "border pixel: is this kept entry's tap inside the map?", Op("BIT #tap_bit,R10", 2, 2), Op("JZ next_entry", 2, 1)),
            Event(CostEvent.TapLookup, "border pixel, one valid tap: count = table[tap][bucket]; jump into the tap's list; next tap",
                [.. Sequences.ComputedJump, Op("ADD #slots,R15", 2, 2), Op("DEC R9", 1, 1), Op("JNZ tap_loop", 2, 1)]),
            Event(CostEvent.QuotientExact, "t = N / |a| by the run-time library's 32/16 division",
                Op("MOV #N_lo,R12", 2, 2), Op("MOV #N_hi,R13", 2, 2), Op("CLR R15", 1, 1), Op("CALL #__mspabi_divul", 4, 2),
                Estimate("__mspabi_divul body: 32-step shift-and-subtract", 160), Op("MOV R12,R14", 1, 1)),
            Event(CostEvent.QuotientPow2, "t = N >> e: exponent, then a per-layer table of N >> e",
                [.. Sequences.Exponent, Op("RLA R15", 1, 1), Op("MOV shifted_thresholds(R15),R14", 3, 2, framDataWords: 1)]),
            Event(CostEvent.QuotientReciprocalLut, "t = (N x R[m]) >> (16 + e)",
                [.. Sequences.Exponent, .. Sequences.MantissaIndex, Op("MOV reciprocals(R15),R14", 3, 2, framDataWords: 1), .. Multiply32By16(multiplier),
                 Estimate("shift right by e", 14, 4)]),
            Event(CostEvent.QuotientFloatBits, "t = N x (3 x 2^e - |a|) >> (2e + 1)",
                [.. Sequences.Exponent, Op("MOV three_pow2(R15),R14", 3, 2, framDataWords: 1), Op("SUB R13,R14", 1, 1), .. Multiply32By16(multiplier),
                 Estimate("shift right by 2e + 1 - 16", 16, 4)]),
            Event(CostEvent.BucketLookup, "bucket = e; count = table[input][bucket]; jump into the unrolled list",
                [.. Sequences.Exponent, .. Sequences.ComputedJump]),
            Event(CostEvent.BucketLookupFine, "bucket = (e, top mantissa bits); count from the table; jump",
                [.. Sequences.Exponent, .. Sequences.MantissaIndex, .. Sequences.ComputedJump]),
            // ReLU and max pooling as clang-14 -O2 compiles the C backend's loops (docs/cost-model.md, "Checked against the simulator").
            Event(CostEvent.ReluTest, "y = x > theta ? x : 0 in place; the cleared path (a kept element skips CLR and JMP)",
                Op("MOV x(R12),R13", 3, 2), Op("CMP #theta+1,R13", 2, 2), Op("JGE keep", 2, 1), Op("CLR R13", 1, 1), Op("JMP store", 2, 1),
                Op("MOV R13,x(R12)", 3, 2), Op("INCD R12", 1, 1), Op("CMP #end,R12", 2, 2), Op("JEQ done", 2, 1)),
            Event(CostEvent.MaxPoolRead, "load one window element and compare it with the running maximum",
                Op("MOV x(R15),R10", 3, 2), Op("CMP R10,R9", 1, 1), Op("JL larger", 2, 1)),
            Event(CostEvent.MaxPoolOutput, "keep the maximum (ties: the not-larger path), store it, move to the next window",
                Op("MOV R9,R10", 1, 1), Op("JMP store", 2, 1), Op("MOV R12,R9", 1, 1), Op("ADD R11,R9", 1, 1), Op("MOV R10,0(R9)", 3, 2),
                Op("ADD #4,R15", 1, 1), Op("MOV R11,R10", 1, 1), Op("INCD R10", 1, 1), Op("CMP #last,R11", 2, 2), Op("MOV R10,R11", 1, 1),
                Op("JHS next_row", 2, 1)),
            Event(CostEvent.AvgPoolRead, "add one window element to a 32-bit sum",
                Op("ADD x(R4),R12", 3, 2), Op("ADDC #0,R13", 1, 1)),
            Event(CostEvent.AvgPoolOutput, "divide the sum by the window size with rounding, store, move on",
                Estimate("rounded division by the window size (shifts for powers of two)", 8, 4),
                Op("MOV R12,0(R5)", 3, 2), Op("INCD R5", 1, 1), Op("CLR R12", 1, 1), Op("CLR R13", 1, 1), Op("DEC R7", 1, 1), Op("JNZ pool_loop", 2, 1)),
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
            Event(CostEvent.Mac, "output-stationary float multiply-add through the run-time library",
                [Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2), Op("MOV #w_lo,R14", 2, 2), Op("MOV #w_hi,R15", 2, 2), .. Sequences.FloatMultiply,
                 Op("MOV R10,R14", 1, 1), Op("MOV R11,R15", 1, 1), .. Sequences.FloatAdd, Op("MOV R12,R10", 1, 1), Op("MOV R13,R11", 1, 1)]),
            Event(CostEvent.GatherCompare, "a >= 0: compare the high word of a with tau's (integer order of IEEE floats)",
                Op("CMP #tau_hi,x+2(R4)", 4, 3), Op("JLO skip", 2, 1), Op("JNE keep", 2, 1), Estimate("rare low-word tie-break", 1)),
            Event(CostEvent.GatherCompareSigned, "signed a: clear the sign bit, then compare",
                Op("MOV x+2(R4),R13", 3, 2), Op("AND #0x7FFF,R13", 2, 2), Op("CMP #tau_hi,R13", 2, 2), Op("JLO skip", 2, 1), Op("JNE keep", 2, 1),
                Estimate("rare low-word tie-break", 1)),
            Event(CostEvent.ScatterSetup, "bias into the float accumulator in RAM",
                Op("MOV #b_lo,x(R6)", 4, 3), Op("MOV #b_hi,x+2(R6)", 4, 3), Op("ADD #4,R6", 1, 1), Op("DEC R7", 1, 1), Op("JNZ init_loop", 2, 1)),
            Event(CostEvent.InputVisit, "load one float input, skip it if +-0",
                Op("MOV @R4+,R12", 2, 1), Op("MOV @R4+,R13", 2, 1), Op("MOV R13,R15", 1, 1), Op("AND #0x7FFF,R15", 2, 2), Op("BIS R12,R15", 1, 1),
                Op("JZ next_input", 2, 1), Op("DEC R7", 1, 1), Op("JNZ input_loop", 2, 1)),
            Event(CostEvent.ActiveInput, "keep a in R8:R9, |a| by clearing the sign bit",
                Op("MOV R12,R8", 1, 1), Op("MOV R13,R9", 1, 1), Op("AND #0x7FFF,R13", 2, 2), Op("ADD #4,R6", 1, 1)),
            Event(CostEvent.ListCompare, "keep iff key > t (both non-negative floats: integer compare of the high words)",
                Op("CMP #key_hi,R11", 2, 2), Op("JLO keep", 2, 1), Op("JNE list_exit", 2, 1), Estimate("rare low-word tie-break", 1)),
            Event(CostEvent.ScatterMac, "float multiply, then add into the RAM accumulator", scatterMultiply),
            Event(CostEvent.BorderSetup, "border pixel: window from per-row and per-column tables (mask = row AND column mask; or first/last valid row and column)",
                Op("MOV rowmask(R11),R10", 3, 2, framDataWords: 1), Op("AND colmask(R12),R10", 3, 2, framDataWords: 1),
                Op("MOV rowmask+2(R11),R9", 3, 2, framDataWords: 1), Op("AND colmask+2(R12),R9", 3, 2, framDataWords: 1)),
            Event(CostEvent.BorderTest, "border pixel: is this kept entry's tap inside the map?", Op("BIT #tap_bit,R10", 2, 2), Op("JZ next_entry", 2, 1)),
            Event(CostEvent.TapLookup, "border pixel, one valid tap: count = table[tap][bucket]; jump into the tap's list; next tap",
                [.. Sequences.ComputedJump, Op("ADD #slots,R15", 2, 2), Op("DEC R9", 1, 1), Op("JNZ tap_loop", 2, 1)]),
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
            Event(CostEvent.ReluTest, "y = x > theta ? x : 0 in place (integer compare of IEEE patterns)",
                Op("MOV @R4+,R12", 2, 1), Op("MOV @R4+,R13", 2, 1), Op("TST R13", 1, 1), Op("JN clear", 2, 1), Op("CMP #theta_hi,R13", 2, 2),
                Op("JHS keep", 2, 1), Op("CLR -4(R4)", 4, 2), Op("CLR -2(R4)", 4, 2), Op("DEC R7", 1, 1), Op("JNZ relu_loop", 2, 1)),
            Event(CostEvent.MaxPoolRead, "compare one window element with the running maximum (high word first)",
                Op("CMP x+2(R4),R13", 3, 2), Op("JGE not_larger", 2, 1), Op("MOV x(R4),R12", 3, 2), Op("MOV x+2(R4),R13", 3, 2)),
            Event(CostEvent.MaxPoolOutput, "store the maximum, move to the next window",
                Op("MOV R12,0(R5)", 3, 2), Op("MOV R13,2(R5)", 3, 2), Op("ADD #4,R5", 1, 1), Op("ADD #stride,R4", 2, 2), Op("DEC R7", 1, 1), Op("JNZ pool_loop", 2, 1)),
            Event(CostEvent.AvgPoolRead, "add one window element", [Op("MOV x(R4),R14", 3, 2), Op("MOV x+2(R4),R15", 3, 2), .. Sequences.FloatAdd]),
            Event(CostEvent.AvgPoolOutput, "multiply the sum by 1/n, store, move on",
                [Op("MOV #inv_lo,R14", 2, 2), Op("MOV #inv_hi,R15", 2, 2), .. Sequences.FloatMultiply, Op("MOV R12,0(R5)", 3, 2), Op("MOV R13,2(R5)", 3, 2),
                 Op("ADD #4,R5", 1, 1), Op("DEC R7", 1, 1), Op("JNZ pool_loop", 2, 1)]),
        });
    }

    /// <summary>Instruction sequences several events share (a nested class so they exist before the profiles are built).</summary>
    private static class Sequences
    {
        public static readonly Instruction[] Requantize =
        [
            Op("ADD #half,R12", 2, 2), Op("ADDC #0,R13", 1, 1),
            Estimate("32-bit arithmetic shift right by s (about 7 x RRA R13; RRC R12)", 14, 4),
            Op("TST R13", 1, 1), Op("JNZ saturate", 2, 1), Op("TST R12", 1, 1), Op("JN saturate", 2, 1),
        ];

        public static readonly Instruction[] Exponent =
        [
            // e = floor(log2 |a|) from a 256-byte table indexed by the high byte (no CLZ on the MSP430).
            Op("MOV R13,R15", 1, 1), Op("SWPB R15", 1, 1), Op("AND #0xFF,R15", 2, 2), Op("JZ low_byte", 2, 1),
            Op("MOV.B log2(R15),R15", 3, 2, framDataWords: 1), Op("ADD #8,R15", 1, 1),
        ];

        public static readonly Instruction[] MantissaIndex =
        [
            Estimate("top k bits below the leading one: variable shift of |a| by e - k, mask", 12, 4),
        ];

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
