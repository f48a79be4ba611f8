using System.Diagnostics;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis.CSharp;
using UnIT.Benchmarks.Infrastructure;

namespace UnIT.Benchmarks;

/// <summary>Prints the machine and settings every number depends on.</summary>
internal static class Machine
{
    public static void Print(bool quick, LeNetSettings settings)
    {
        Report.Line($"# UnIT.Generators benchmarks ({(quick ? "--quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        Report.Line();
        Report.Line($"- Machine: {Cpu()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}; load average at start {LoadAverage()}");
        Report.Line($"- Runtime: {RuntimeInformation.FrameworkDescription}; {(GCSettings.IsServerGC ? "server" : "workstation")} GC; tiered compilation {Switch("System.Runtime.TieredCompilation")}, tiered PGO {Switch("System.Runtime.TieredPGO")}{JitEnvironment()}");
        Report.Line($"- Build: {(IsOptimized() ? "Release (optimised)" : "NOT optimised: run with -c Release; numbers below are meaningless")}; Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}; generator {typeof(Generators.UnitNetworkGenerator).Assembly.GetName().Version}");
        Report.Line($"- LeNet semantics: {settings}");
        if (!IsOptimized())
        {
            Console.Error.WriteLine("warning: the benchmark was built without optimisations; use -c Release");
        }
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]} (1 / 5 / 15 min)";
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Switch(string name) => AppContext.GetData(name) switch
    {
        null => "default (on)",
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) == "True" || value.Equals("true") ? "on" : "off",
    };

    private static string JitEnvironment()
    {
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) && (k.Contains("Tiered", StringComparison.Ordinal) || k.Contains("JIT", StringComparison.OrdinalIgnoreCase) || k.Contains("gc", StringComparison.OrdinalIgnoreCase)))
            .Order()
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .ToArray();
        return variables.Length == 0 ? string.Empty : "; environment " + string.Join(" ", variables);
    }

    private static bool IsOptimized() =>
        typeof(Machine).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
}
