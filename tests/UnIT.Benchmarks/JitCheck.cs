using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using UnIT.Benchmarks.Infrastructure;
using static UnIT.Benchmarks.Infrastructure.Report;

namespace UnIT.Benchmarks;

/// <summary>
/// Asks the JIT itself whether it optimises the generated methods: a child process with tiered compilation off (so
/// every method is compiled once, fully optimised unless a limit forces MinOpts) JIT-compiles every method of the
/// generated assemblies, and the JIT's own summary (<c>DOTNET_JitStdOutFile</c> + <c>DOTNET_JitDisasmSummary</c>,
/// available in release runtimes) says how each was compiled.
/// </summary>
internal static partial class JitCheck
{
    public const string ChildSwitch = "--jit-child";

    public static void Run(IReadOnlyList<(string Title, string ClassName, byte[] Image)> assemblies)
    {
        Line();
        Line($"The JIT's own verdict (child process, tiered compilation off, every generated method JIT-compiled via RuntimeHelpers.PrepareMethod):");
        Line();
        var directory = Directory.CreateTempSubdirectory("unit-jit-check-");
        try
        {
            for (var i = 0; i < assemblies.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(directory.FullName, $"{i:D2}.dll"), assemblies[i].Image);
            }

            var log = Path.Combine(directory.FullName, "jit.txt");
            var (exitCode, output) = ChildProcess.Run([ChildSwitch, directory.FullName], new Dictionary<string, string>
            {
                ["DOTNET_TieredCompilation"] = "0",
                ["DOTNET_JitStdOutFile"] = log,
                ["DOTNET_JitDisasmSummary"] = "1",
            });
            var prepared = output.Trim();
            if (exitCode != 0 || !File.Exists(log))
            {
                Line($"The JIT check failed (exit code {exitCode}); see the error output above.");
                return;
            }

            var compiled = File.ReadLines(log)
                .Select(l => Summary().Match(l))
                .Where(m => m.Success && m.Groups["name"].Value.StartsWith("Bench.", StringComparison.Ordinal))
                .Select(m => (Name: m.Groups["name"].Value, Tier: m.Groups["tier"].Value, IlSize: int.Parse(m.Groups["il"].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray();
            var rows = assemblies.Select(a =>
            {
                var mine = compiled.Where(c => c.Name.StartsWith($"Bench.{a.ClassName}:", StringComparison.Ordinal) || c.Name.StartsWith($"Bench.{a.ClassName}+", StringComparison.Ordinal)).ToArray();
                var tiers = mine.GroupBy(c => c.Tier).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
                var unoptimised = mine.Where(c => !c.Tier.StartsWith("FullOpts", StringComparison.Ordinal)).Select(c => c.Name[(c.Name.LastIndexOf(':') + 1)..]).ToArray();
                return new[] { a.Title, N(mine.Length), string.Join(", ", tiers), unoptimised.Length == 0 ? "none" : Compact(unoptimised) };
            });
            Table(["network", "methods JIT-compiled", "how (JIT summary)", "not fully optimised"], rows);
            Line();
            Line($"({prepared}; a method the JIT switches to MinOpts for size appears with a tier other than FullOpts.)");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The child: JIT-compiles every method of every assembly in <paramref name="directory"/>.</summary>
    public static int Child(string directory)
    {
        var count = 0;
        foreach (var path in Directory.GetFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            var context = new AssemblyLoadContext(Path.GetFileName(path), isCollectible: false);
            var assembly = context.LoadFromAssemblyPath(path);
            foreach (var type in assembly.GetTypes().Where(t => !t.ContainsGenericParameters))
            {
                const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
                foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
                {
                    if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        count++;
                    }
                }
            }
        }

        Console.WriteLine($"{count} methods prepared");
        return 0;
    }

    [GeneratedRegex(@"JIT compiled (?<name>[^(]+)\(.*\[(?<tier>[^,\]]+).*IL size=(?<il>\d+)")]
    private static partial Regex Summary();
}
