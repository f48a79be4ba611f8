namespace UnIT.Generators.EmittingC;

/// <summary>
/// The C helpers a network's kernels call, written only when used (unused static functions are warnings). Each is the
/// C twin of a <c>UnIT.Semantics</c> function and gives the same bits: the MSP430 has no divider and clang turns 32-bit
/// products and variable 32-bit shifts into library calls, so products go through the multiplier's registers and
/// long shifts are spelled as word moves and single-bit steps.
/// </summary>
internal static class CRuntime
{
    /// <summary>The multiplier's registers (MPY32 on the FR5994; the classic MPY has the same first eight), or a host stand-in.</summary>
    public const string Multiplier = """
        #ifndef UNIT_MPY_BASE
        /* MSP430FR5994 MPY32. The classic multiplier (and mspdebug's simulator) sits at 0x0130: -DUNIT_MPY_BASE=0x0130. */
        #define UNIT_MPY_BASE 0x04C0u
        #endif

        /* Operand-1 registers select the operation: unsigned, signed, signed multiply-accumulate. */
        #define UNIT_MPY 0x0u
        #define UNIT_MPYS 0x2u
        #define UNIT_MACS 0x6u

        #ifdef UNIT_HOST_MULTIPLIER
        /* A software stand-in for the multiplier's registers, to run this file on a development machine. */
        static uint16_t unit_op1;
        static uint16_t unit_mode;
        static uint32_t unit_res;

        static inline void unit_mpy_op1(uint16_t mode, int16_t value) { unit_mode = mode; unit_op1 = (uint16_t)value; }

        static inline void unit_mpy_op2(int16_t value)
        {
            uint32_t product = (unit_mode & 2u) != 0u
                ? (uint32_t)((int32_t)(int16_t)unit_op1 * (int32_t)value)
                : (uint32_t)unit_op1 * (uint16_t)value;
            unit_res = (unit_mode & 4u) != 0u ? unit_res + product : product;
        }

        static inline uint32_t unit_mpy_result(void) { return unit_res; }

        #else
        #define UNIT_MPY_REGISTER(offset) (*(volatile uint16_t *)(UNIT_MPY_BASE + (offset)))

        static inline void unit_mpy_op1(uint16_t mode, int16_t value) { UNIT_MPY_REGISTER(mode) = (uint16_t)value; }

        /* Writing OP2 starts the operation with the last operand 1. */
        static inline void unit_mpy_op2(int16_t value) { UNIT_MPY_REGISTER(0x8u) = (uint16_t)value; }

        static inline uint32_t unit_mpy_result(void)
        {
            uint16_t low = UNIT_MPY_REGISTER(0xAu);
            uint16_t high = UNIT_MPY_REGISTER(0xCu);
            return ((uint32_t)high << 16) | low;
        }
        #endif
        """;

    /// <summary>Keeps a loop rolled under clang, so every layer runs the per-element sequence the cost model prices.</summary>
    public const string NoUnroll = """
        /* Loops the cost model prices per element stay rolled (clang unrolls short ones, changing the code per shape). */
        #if defined(__clang__)
        #define UNIT_NO_UNROLL _Pragma("clang loop unroll(disable)")
        #else
        #define UNIT_NO_UNROLL
        #endif
        """;

    /// <summary>Starts a multiply-accumulate sum (output-stationary kernels).</summary>
    public const string Preload = """
        /* MACS adds to RESHI:RESLO, so writing them starts a sum at the bias. */
        static inline void unit_mpy_preload(uint32_t value)
        {
        #ifdef UNIT_HOST_MULTIPLIER
            unit_res = value;
        #else
            UNIT_MPY_REGISTER(0xAu) = (uint16_t)value;
            UNIT_MPY_REGISTER(0xCu) = (uint16_t)(value >> 16);
        #endif
        }
        """;

    /// <summary>One exact product (scatter kernels).</summary>
    public const string Multiply = """
        /* a * w, exact in 32 bits. */
        static inline int32_t unit_multiply(int16_t a, int16_t w)
        {
            unit_mpy_op1(UNIT_MPYS, a);
            unit_mpy_op2(w);
            return (int32_t)unit_mpy_result();
        }
        """;

    /// <summary>A product of two table indices (a C multiplication would be a library call).</summary>
    public const string Index = """
        /* a * b for small non-negative indices, on the multiplier. */
        static inline int unit_index(int a, int b)
        {
            unit_mpy_op1(UNIT_MPY, (int16_t)a);
            unit_mpy_op2((int16_t)b);
            return (int)(uint16_t)unit_mpy_result();
        }
        """;

    /// <summary>Q15.Requantize and Q15.Saturate: round half up on right shifts, saturate on left shifts, clamp to ±32767.</summary>
    public const string Requantize = """
        /* Q15.Requantize in 32-bit steps (64-bit ones cost about a hundred instructions): the shift is a constant at every
           call, so only one branch remains. A non-negative sum plus the half cannot overflow as unsigned; a negative one
           plus the half cannot overflow at all; shifts of 32 or more leave (a + half) >> s = 0 for every a. */
        static inline __attribute__((always_inline)) int16_t unit_requantize(int32_t accumulator, int shift)
        {
            if (shift >= 32)
            {
                return 0;
            }

            if (shift > 0)
            {
                uint32_t half = (uint32_t)1 << (shift - 1);
                if (accumulator >= 0)
                {
                    uint32_t up = ((uint32_t)accumulator + half) >> shift;
                    return (int16_t)(up > 32767u ? 32767u : up);
                }

                int32_t down = (accumulator + (int32_t)half) >> shift;
                return (int16_t)(down < -32767 ? -32767 : down);
            }

            /* a << k saturates exactly when |a| > 32767 >> k. */
            int32_t limit = shift <= -15 ? 0 : 32767 >> -shift;
            return (int16_t)(accumulator > limit ? 32767 : accumulator < -limit ? -32767 : (int32_t)((uint32_t)accumulator << (shift <= -15 ? 0 : -shift)));
        }
        """;

    /// <summary>⌊log2 x⌋ for 1..32767 (FloatBitConversions.FloorLog2).</summary>
    public const string FloorLog2 = """
        /* floor(log2 x) for x in 1..32767, by halving the search range. */
        static inline uint8_t unit_floor_log2(uint16_t x)
        {
            uint8_t e = 0;
            if ((x & 0xFF00u) != 0u) { x >>= 8; e = 8; }
            if ((x & 0x00F0u) != 0u) { x >>= 4; e += 4; }
            if ((x & 0x000Cu) != 0u) { x >>= 2; e += 2; }
            if ((x & 0x0002u) != 0u) { e += 1; }
            return e;
        }
        """;

    /// <summary>⌊n · f / 2^s⌋ with two unsigned 16x16 products (what the MPY32's 32x16 mode does in one).</summary>
    public const string MultiplyShift = """
        /* floor(n * f / 2^s) for n < 2^31, f < 2^16, with a result below 2^31: a 48-bit product shifted right. */
        static uint32_t unit_multiply_shift(uint32_t n, uint16_t f, uint8_t s)
        {
            uint32_t low, top;
            uint16_t bottom;
            unit_mpy_op1(UNIT_MPY, (int16_t)(uint16_t)n);
            unit_mpy_op2((int16_t)f);
            low = unit_mpy_result();
            unit_mpy_op1(UNIT_MPY, (int16_t)(uint16_t)(n >> 16));
            unit_mpy_op2((int16_t)f);
            top = unit_mpy_result() + (low >> 16);
            bottom = (uint16_t)low;
            if (s >= 16u)
            {
                bottom = (uint16_t)top;
                top >>= 16;
                s -= 16u;
            }

            for (; s > 0u; s--)
            {
                bottom = (uint16_t)((bottom >> 1) | ((uint16_t)top << 15));
                top >>= 1;
            }

            return (top << 16) | bottom;
        }
        """;

    /// <summary>Unsigned 32/16 division by shift and subtract (no divider, no library call).</summary>
    public const string Divide = """
        /* One 16-bit half of a restoring 32/16 division: the half's bits enter the remainder from the top, one quotient
           bit per step. 16-bit steps only: clang spells 32-bit shifts by 31 as a dozen instructions. */
        static uint16_t unit_divide_half(uint16_t *remainder, uint16_t bits, uint16_t d)
        {
            uint16_t r = *remainder;
            uint16_t quotient = 0;
            for (uint16_t mask = 0x8000u; mask != 0u; mask >>= 1)
            {
                /* 2r + bit needs 17 bits when r's top bit is set, and is then above any 16-bit d. */
                int carry = r >= 0x8000u;
                r = (uint16_t)(r << 1);
                if ((bits & mask) != 0u)
                {
                    r |= 1u;
                }

                if (carry || r >= d)
                {
                    r = (uint16_t)(r - d);
                    quotient |= mask;
                }
            }

            *remainder = r;
            return quotient;
        }

        /* floor(n / d) for d > 0. */
        static uint32_t unit_divide(uint32_t n, uint16_t d)
        {
            uint16_t remainder = 0;
            uint16_t high = unit_divide_half(&remainder, (uint16_t)(n >> 16), d);
            uint16_t low = unit_divide_half(&remainder, (uint16_t)n, d);
            return ((uint32_t)high << 16) | low;
        }
        """;

    /// <summary>Q15.Average: the mean rounded half up, floor division for negative sums.</summary>
    public const string Average = """
        /* Q15.Average: floor((2 * sum + n) / (2n)), saturated. */
        static int16_t unit_average(int32_t sum, uint16_t count)
        {
            int32_t numerator = sum + sum + count;
            uint16_t denominator = (uint16_t)(count << 1);
            int32_t quotient;
            if (numerator >= 0)
            {
                quotient = (int32_t)unit_divide((uint32_t)numerator, denominator);
            }
            else
            {
                uint32_t magnitude = (uint32_t)-numerator;
                quotient = -(int32_t)unit_divide(magnitude + denominator - 1u, denominator);
            }

            return (int16_t)(quotient > 32767 ? 32767 : quotient < -32767 ? -32767 : quotient);
        }
        """;

    /// <summary>Shifts a non-negative 32-bit value right by a run-time amount without a library call.</summary>
    public const string ShiftRight = """
        /* n >> e for a run-time e (a variable 32-bit shift is a library call on the MSP430). */
        static inline uint32_t unit_shift_right(uint32_t n, uint8_t e)
        {
            if (e >= 8u) { n = (n >> 8); e -= 8u; }
            for (; e > 0u; e--) { n >>= 1; }
            return n;
        }
        """;
}
