using System.Globalization;
using UnIT.Resources;

namespace UnIT.Training.Pruning;

/// <summary>An MCU resource a <see cref="ResourceBudget"/> can limit.</summary>
public enum ResourceKind
{
    /// <summary>Flash bytes (<see cref="NetworkResources.FlashBytes"/>: code and tables, or weights and biases alone; see <see cref="ResourceAccounting"/>).</summary>
    Flash,

    /// <summary>
    /// Peak activation RAM: <see cref="NetworkResources.PeakRamBytes"/>, or <see cref="NetworkResources.PeakRamBytesWithInput"/>
    /// when <see cref="ResourceBudget.RamIncludesInput"/>.
    /// </summary>
    PeakRam,

    /// <summary>Dense multiply-accumulates per inference (<see cref="NetworkResources.Macs"/>).</summary>
    Macs,
}

/// <summary>
/// Limits on the MCU resources of a network (any subset of flash, peak RAM and MACs), as a <see cref="ResourceAccounting"/>
/// counts them. Unset limits are not constrained.
/// </summary>
public sealed record ResourceBudget
{
    /// <summary>Most flash bytes allowed (as the pruner's <see cref="ResourceAccounting"/> counts them).</summary>
    public long? FlashBytes { get; init; }

    /// <summary>Most peak activation RAM bytes allowed (see <see cref="RamIncludesInput"/>).</summary>
    public long? PeakRamBytes { get; init; }

    /// <summary>Most dense MACs per inference allowed.</summary>
    public long? Macs { get; init; }

    /// <summary>
    /// Whether the peak RAM counts the network input buffer (<see cref="NetworkResources.PeakRamBytesWithInput"/>). Default
    /// false: <see cref="NetworkResources.PeakRamBytes"/>, the measure of the table in Liberis &amp; Lane (the input buffer
    /// is the same for every width, so pruning cannot change it).
    /// </summary>
    public bool RamIncludesInput { get; init; }

    /// <summary>The resources this budget limits, in the order flash, peak RAM, MACs.</summary>
    public IEnumerable<ResourceKind> Kinds
    {
        get
        {
            if (FlashBytes is not null)
            {
                yield return ResourceKind.Flash;
            }

            if (PeakRamBytes is not null)
            {
                yield return ResourceKind.PeakRam;
            }

            if (Macs is not null)
            {
                yield return ResourceKind.Macs;
            }
        }
    }

    /// <summary>
    /// A budget of <paramref name="flash"/>, <paramref name="ram"/> and <paramref name="macs"/> times the dense model's
    /// resources (e.g. 0.5 for half), rounded down; null leaves that resource unconstrained.
    /// </summary>
    public static ResourceBudget FractionOf(NetworkResources dense, double? flash = null, double? ram = null, double? macs = null, bool ramIncludesInput = false)
    {
        ArgumentNullException.ThrowIfNull(dense);
        var measure = new ResourceBudget { RamIncludesInput = ramIncludesInput };
        return measure with
        {
            FlashBytes = Scale(dense.FlashBytes, flash, nameof(flash)),
            PeakRamBytes = Scale(measure.Measure(dense, ResourceKind.PeakRam), ram, nameof(ram)),
            Macs = Scale(dense.Macs, macs, nameof(macs)),
        };

        static long? Scale(long value, double? fraction, string name) => fraction switch
        {
            null => null,
            > 0 and <= 1 => (long)Math.Floor(value * fraction.Value),
            _ => throw new ArgumentOutOfRangeException(name, fraction, "Use a fraction in (0, 1] of the dense model's resources."),
        };
    }

    /// <summary>
    /// Reads a limit as a user writes it: a whole number (<c>"12000"</c>, <c>"12_000"</c> or <c>"12,000"</c>) or a percentage
    /// of the dense model's value (<c>"50%"</c>, rounded down).
    /// </summary>
    /// <exception cref="FormatException">The text is neither; the message says what was expected.</exception>
    public static long ParseLimit(string text, long denseValue, string what = "limit")
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.EndsWith('%'))
        {
            var number = trimmed[..^1].Trim();
            if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent > 0 && percent <= 100)
            {
                return Math.Max(1, (long)Math.Floor(denseValue * percent / 100));
            }

            throw new FormatException($"The {what} '{text}' is not a percentage in (0, 100]; write e.g. 50% for half of the dense model's {denseValue:N0}.");
        }

        var digits = trimmed.Replace("_", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        throw new FormatException($"The {what} '{text}' is neither a positive whole number nor a percentage; write e.g. 4320 or 50% (of the dense model's {denseValue:N0}).");
    }

    /// <summary>The limit on <paramref name="kind"/>, if any.</summary>
    public long? Limit(ResourceKind kind) => kind switch
    {
        ResourceKind.Flash => FlashBytes,
        ResourceKind.PeakRam => PeakRamBytes,
        ResourceKind.Macs => Macs,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>What <paramref name="resources"/> use of <paramref name="kind"/>, measured as this budget measures it.</summary>
    public long Measure(NetworkResources resources, ResourceKind kind)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return kind switch
        {
            ResourceKind.Flash => resources.FlashBytes,
            ResourceKind.PeakRam => RamIncludesInput ? resources.PeakRamBytesWithInput : resources.PeakRamBytes,
            ResourceKind.Macs => resources.Macs,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Each limited resource of <paramref name="resources"/> against its limit.</summary>
    public IReadOnlyList<ResourceUsage> Check(NetworkResources resources) =>
        [.. Kinds.Select(kind => new ResourceUsage(kind, Measure(resources, kind), Limit(kind)!.Value))];

    /// <summary>Whether every limit holds for <paramref name="resources"/>.</summary>
    public bool IsMetBy(NetworkResources resources) => Kinds.All(kind => Measure(resources, kind) <= Limit(kind)!.Value);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(", ", Kinds.Select(kind => string.Create(
            CultureInfo.InvariantCulture, $"{ResourceUsage.Describe(kind, RamIncludesInput)} <= {Limit(kind)!.Value:N0}{ResourceUsage.Unit(kind)}")));

    internal void Validate()
    {
        if (!Kinds.Any())
        {
            throw new ArgumentException("The budget limits nothing; set at least one of FlashBytes, PeakRamBytes and Macs.");
        }

        foreach (var kind in Kinds)
        {
            if (Limit(kind) <= 0)
            {
                throw new ArgumentException($"The {ResourceUsage.Describe(kind, RamIncludesInput)} budget must be positive, not {Limit(kind)}.");
            }
        }
    }
}

/// <summary>One limited resource: what the network uses and what the budget allows.</summary>
/// <param name="Kind">The resource.</param>
/// <param name="Used">What the network uses (bytes or MACs).</param>
/// <param name="Limit">What the budget allows.</param>
public sealed record ResourceUsage(ResourceKind Kind, long Used, long Limit)
{
    /// <summary>Whether the use is within the limit.</summary>
    public bool WithinBudget => Used <= Limit;

    /// <summary>How far over the limit, relative to it: <c>max(0, (used − limit) / limit)</c>.</summary>
    public double Excess => Used <= Limit ? 0 : (double)(Used - Limit) / Limit;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Describe(Kind, false)} {Used:N0}/{Limit:N0}{Unit(Kind)}{(WithinBudget ? string.Empty : " (over)")}");

    internal static string Describe(ResourceKind kind, bool withInput) => kind switch
    {
        ResourceKind.Flash => "flash",
        ResourceKind.PeakRam => withInput ? "peak RAM (with input)" : "peak RAM",
        _ => "MACs",
    };

    internal static string Unit(ResourceKind kind) => kind == ResourceKind.Macs ? string.Empty : " B";
}
