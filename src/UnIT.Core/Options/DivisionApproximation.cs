namespace UnIT;

/// <summary>
/// How the per-activation quotient <c>t = T / |a|</c> of the UnIT rule is computed (docs/semantics.md, "Division approximations").
/// Every kernel that uses an approximation reproduces it bit for bit; the bounds are in <c>docs/semantics.md</c>.
/// </summary>
public enum DivisionApproximation
{
    /// <summary>A true division (the reference).</summary>
    Exact = 0,

    /// <summary><c>T · 2^-e</c> where <c>|a| = m·2^e</c>: a shift; never below the exact quotient.</summary>
    Pow2 = 1,

    /// <summary><c>T · R[top mantissa bits] · 2^-e</c> with a small table of midpoint reciprocals: one load, one multiply.</summary>
    ReciprocalLut = 2,

    /// <summary>Integer arithmetic on IEEE-754 bit patterns (Mitchell's approximation); never below the exact quotient.</summary>
    FloatBits = 3,
}
