using System.Diagnostics;

namespace UnIT.Benchmarks.Infrastructure;

/// <summary>Runs this benchmark program again as a child process (a fresh runtime: its own JIT state and profile).</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts the program with <paramref name="arguments"/> and extra environment variables, waits, and returns the exit
    /// code with standard output (captured when <paramref name="captureOutput"/>, else passed through); standard error is
    /// always passed through so progress stays visible.
    /// </summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool captureOutput = true, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = captureOutput, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var output = captureOutput ? child.StandardOutput.ReadToEndAsync() : Task.FromResult(string.Empty);
        if (!child.WaitForExit(timeout ?? TimeSpan.FromMinutes(30)))
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child process ({string.Join(" ", arguments)}) did not finish in time.");
        }

        return (child.ExitCode, output.Result);
    }
}
