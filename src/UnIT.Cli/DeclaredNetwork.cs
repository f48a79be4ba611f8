using System.Reflection;
using System.Runtime.Loader;
using UnIT.Model;
using UnIT.NumPy;

namespace UnIT.Cli;

/// <summary>
/// A network as its [UnitNetwork] class declares it, read from the built assembly that holds the generated class: its
/// <c>Definition</c> (layers, format, profile, division, thresholds) and the weight file embedded in it. The user keeps
/// one description of the network, the C# attributes, instead of repeating it as a --layers list.
/// </summary>
internal sealed record DeclaredNetwork(NetworkDefinition Definition, WeightFile Weights)
{
    /// <summary>The generated class (its <c>LedgerLayout</c>, <c>InferQ15</c>, its assembly's resources).</summary>
    public required Type Class { get; init; }

    /// <summary>Loads class <paramref name="className"/> (simple or full name) from <paramref name="assembly"/>.</summary>
    /// <exception cref="ArgumentException">The assembly or the class is missing, or the class is not a generated network.</exception>
    public static DeclaredNetwork Load(FileInfo assembly, string className)
    {
        if (!assembly.Exists)
        {
            throw new ArgumentException($"--assembly {assembly.FullName}: no such file; build your project first (dotnet build) and pass its bin/…/<App>.dll.");
        }

        // The default context: the assembly's references to UnIT.Core and UnIT.Runtime resolve to the ones this tool
        // runs on, so the definition it returns is this tool's NetworkDefinition type.
        var loaded = AssemblyLoadContext.Default.LoadFromAssemblyPath(assembly.FullName);
        var candidates = Types(loaded).Where(t => t.FullName == className || t.Name == className).ToArray();
        var type = candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new ArgumentException($"--class {className}: {assembly.Name} has no such class; name the [UnitNetwork] class (e.g. --class LeNet or --class MyApp.LeNet)."),
            _ => throw new ArgumentException($"--class {className}: {assembly.Name} has {candidates.Length} classes of that name; use the full name ({string.Join(", ", candidates.Take(3).Select(t => t.FullName))})."),
        };

        if (type.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not NetworkDefinition definition
            || type.GetMethod("OpenWeightFile", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes) is not { } open
            || type.GetField("WeightFileName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not string weightFileName)
        {
            throw new ArgumentException($"--class {className}: {type.FullName} is not a generated UnIT network (it has no Definition, WeightFileName and OpenWeightFile()); check that it carries [UnitNetwork] and that the build reported no UNIT error.");
        }

        using var stream = (Stream)open.Invoke(null, null)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new DeclaredNetwork(definition, WeightFile.Parse(copy.ToArray(), weightFileName)) { Class = type };
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
