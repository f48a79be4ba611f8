using System.Reflection;
using UnIT.Model;
using UnIT.Msp430;
using UnIT.NumPy;

namespace UnIT.Cli;

/// <summary>
/// A network as its [UnitNetwork] class declares it, read from the built assembly that holds the generated class: its
/// <c>Definition</c> (layers, format, profile, division, thresholds) and the weight file embedded in it. The user keeps
/// one description of the network, the C# attributes, instead of repeating it as a --layers list. Loading the assembly
/// and reading the class is <see cref="BuiltAssembly"/> and <see cref="GeneratedNetwork"/>, shared with the build's C export.
/// </summary>
internal sealed record DeclaredNetwork(NetworkDefinition Definition, WeightFile Weights)
{
    /// <summary>The generated class (its <c>LedgerLayout</c>, <c>InferQ15</c>, its assembly's resources).</summary>
    public Type Class => Generated.Class;

    /// <summary>What the generator put on the class, as read once (the C export plans from it).</summary>
    public required GeneratedNetwork Generated { get; init; }

    /// <summary>Loads class <paramref name="className"/> (simple or full name) from <paramref name="assembly"/>.</summary>
    /// <exception cref="FileNotFoundException">The assembly is missing.</exception>
    /// <exception cref="ArgumentException">The class is missing or is not a generated network.</exception>
    public static DeclaredNetwork Load(FileInfo assembly, string className)
    {
        Assembly loaded;
        try
        {
            loaded = BuiltAssembly.Load(assembly);
        }
        catch (FileNotFoundException missing)
        {
            throw new FileNotFoundException($"--assembly {missing.Message}", missing.FileName, missing);
        }

        GeneratedNetwork generated;
        try
        {
            generated = GeneratedNetwork.Read(BuiltAssembly.Class(loaded, className));
        }
        catch (ArgumentException problem)
        {
            // The shared loader's message, said as the option that needs a different value.
            throw new ArgumentException($"--class {className}: {problem.Message}", problem);
        }

        return new DeclaredNetwork(generated.Definition, WeightFile.Parse(generated.WeightFile, generated.WeightFileName)) { Generated = generated };
    }
}
