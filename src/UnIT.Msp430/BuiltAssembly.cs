using System.Reflection;
using System.Runtime.Loader;

namespace UnIT.Msp430;

/// <summary>
/// A built assembly of a project that uses UnIT.Generators, and the generated [UnitNetwork] classes in it: the one place
/// that loads such an assembly for the tools outside the compiler (<c>unit export-c</c>, <c>unit simulate</c>,
/// <c>unit calibrate --assembly</c> and the package's build-time C export, <c>src/UnIT.Export</c>).
/// </summary>
public static class BuiltAssembly
{
    private const string UnitNetworkAttribute = "UnIT.UnitNetworkAttribute";

    /// <summary>The folders whose assemblies the default context already resolves.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> ResolvedFolders = new(StringComparer.Ordinal);

    /// <summary>
    /// Loads <paramref name="assembly"/> into the default context: its references to UnIT.Core and UnIT.Runtime resolve
    /// to the ones the calling tool runs on, so a class's <c>Definition</c> is the tool's <c>NetworkDefinition</c> type.
    /// Other references the project copied beside its assembly are found there.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Assembly Load(FileInfo assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!assembly.Exists)
        {
            throw new FileNotFoundException($"{assembly.FullName}: no such file; build the project first (dotnet build) and use its bin/…/<App>.dll.", assembly.FullName);
        }

        // One resolver per folder: a process that loads several assemblies (the CLI's tests) must not stack handlers.
        var folder = assembly.DirectoryName!;
        if (ResolvedFolders.TryAdd(folder, 0))
        {
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                Path.Combine(folder, name.Name + ".dll") is var path && File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        }

        return AssemblyLoadContext.Default.LoadFromAssemblyPath(assembly.FullName);
    }


    /// <summary>The classes of <paramref name="assembly"/> that carry [UnitNetwork], ordered by full name.</summary>
    public static IReadOnlyList<Type> Networks(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. Types(assembly)
            .Where(t => t.CustomAttributes.Any(a => a.AttributeType.FullName == UnitNetworkAttribute))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }

    /// <summary>The class <paramref name="className"/> (simple or full name) of <paramref name="assembly"/>.</summary>
    /// <exception cref="ArgumentException">There is no such class, or more than one of that simple name.</exception>
    public static Type Class(Assembly assembly, string className)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(className);
        var candidates = Types(assembly).Where(t => t.FullName == className || t.Name == className).ToArray();
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new ArgumentException(
                $"{Path.GetFileName(assembly.Location)} has no class '{className}'; name a [UnitNetwork] class by its simple or full name{Known(assembly)}."),
            _ => throw new ArgumentException(
                $"{Path.GetFileName(assembly.Location)} has {candidates.Length} classes named '{className}'; use the full name ({string.Join(", ", candidates.Take(3).Select(t => t.FullName))})."),
        };
    }

    /// <summary>", it has: A, B" (the generated networks), or nothing when it has none.</summary>
    private static string Known(Assembly assembly) =>
        Networks(assembly) is { Count: > 0 } networks ? $" (it has {string.Join(", ", networks.Select(t => t.FullName))})" : " (it has none)";

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
