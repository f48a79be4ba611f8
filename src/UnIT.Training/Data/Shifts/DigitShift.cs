using UnIT.Training.Numerics;

namespace UnIT.Training.Data.Shifts;

/// <summary>
/// One corruption of a 28×28 grey-level digit at one fixed severity. A shift is a pure function of the digit and a
/// random stream: <see cref="ShiftedMnist"/> gives every (shift, digit) its own seeded stream, so a shifted digit does not
/// depend on which other digits are shifted with it, on the thread, or on the machine.
/// </summary>
public abstract class DigitShift
{
    private protected DigitShift(string name, ShiftKind kind, int stream, string severity)
    {
        Name = name;
        Kind = kind;
        Stream = stream;
        Severity = severity;
    }

    /// <summary>Short name, e.g. <c>gaussian-noise</c> (used in file names and on the command line).</summary>
    public string Name { get; }

    /// <summary>Noise, geometry or photometry.</summary>
    public ShiftKind Kind { get; }

    /// <summary>The severity in words and numbers, e.g. "σ = 0.3 of full scale".</summary>
    public string Severity { get; }

    /// <summary>Which random stream the shift draws from (fixed per shift, so adding a shift changes no other).</summary>
    internal int Stream { get; }

    /// <summary>Writes <paramref name="digit"/> (784 grey levels, row-major) shifted into <paramref name="shifted"/>.</summary>
    internal abstract void Apply(ReadOnlySpan<byte> digit, Span<byte> shifted, SeededRandom random);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
