using System.Reflection;
using UnIT.Ledger;
using UnIT.Model;

namespace UnIT.Msp430;

/// <summary>
/// What the source generator put on a [UnitNetwork] class of a built assembly (<see cref="BuiltAssembly"/> loads it):
/// its <c>Definition</c> (layers, format, profile, division, thresholds), the bytes of its embedded weight file and its
/// <c>LedgerLayout</c> (the kernel it chose per layer).
/// </summary>
/// <param name="Class">The generated class (its assembly holds the embedded resources).</param>
/// <param name="Definition">The network as the class's attributes declare it.</param>
/// <param name="WeightFileName">The weight file's name, as the attribute gives it.</param>
/// <param name="WeightFile">The embedded weight file's exact bytes.</param>
/// <param name="LedgerLayout">The layers and kernels of the generated C# code.</param>
public sealed record GeneratedNetwork(Type Class, NetworkDefinition Definition, string WeightFileName, byte[] WeightFile, LedgerLayout LedgerLayout)
{
    /// <summary>Reads the generated members of <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentException">The class is not a generated network.</exception>
    public static GeneratedNetwork Read(Type network)
    {
        ArgumentNullException.ThrowIfNull(network);
        const BindingFlags Static = BindingFlags.Public | BindingFlags.Static;
        if (network.GetProperty("Definition", Static)?.GetValue(null) is not NetworkDefinition definition
            || network.GetField("WeightFileName", Static)?.GetValue(null) is not string weightFileName
            || network.GetMethod("OpenWeightFile", Static, Type.EmptyTypes)?.Invoke(null, null) is not Stream weights
            || network.GetProperty("LedgerLayout", Static)?.GetValue(null) is not LedgerLayout layout)
        {
            throw new ArgumentException(
                $"{network.FullName} is not a generated UnIT network (it has no Definition, WeightFileName, OpenWeightFile() and LedgerLayout); check that it carries [UnitNetwork] and that the build reported no UNIT error.");
        }

        using var copy = new MemoryStream();
        using (weights)
        {
            weights.CopyTo(copy);
        }

        return new GeneratedNetwork(network, definition, weightFileName, copy.ToArray(), layout);
    }
}
