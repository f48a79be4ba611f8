using System.Diagnostics;
using System.Text;

namespace UnIT.Package.Tests;

/// <summary>The output of one child `dotnet` process.</summary>
public sealed record DotNetResult(string CommandLine, string WorkingDirectory, int ExitCode, string Output)
{
    /// <summary>Everything needed to understand a failure, for an assertion message.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory} exited with {ExitCode}; its stdout and stderr:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs the `dotnet` CLI (or a script of its commands) as a child process with a timeout, capturing stdout and
/// stderr. The child builds share no long-lived process with anything (no node reuse, no compiler server, no build server), so a test leaves nothing
/// running behind it.
/// </summary>
public static class DotNet
{
    private static readonly string[] InheritedBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE"];

    private static string Executable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static DotNetResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Start(Executable, "dotnet", workingDirectory, timeout, environment, arguments);

    /// <summary>
    /// Runs a bash script of `dotnet` commands (a README block, as a user would paste it) with `set -euo pipefail`,
    /// the same environment as <see cref="Run"/>, and this `dotnet` first on PATH.
    /// </summary>
    public static DotNetResult Script(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, string script)
    {
        var withPath = new Dictionary<string, string>(environment);
        if (Path.GetDirectoryName(Executable) is { Length: > 0 } directory)
        {
            withPath["PATH"] = directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        return Start("bash", "bash", workingDirectory, timeout, withPath, ["-euo", "pipefail", "-c", script]);
    }

    private static DotNetResult Start(string executable, string displayName, string workingDirectory, TimeSpan timeout,
                                      IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`, whose MSBuild variables would steer the child build.
        foreach (var name in InheritedBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = string.Join(' ', new[] { displayName }.Concat(arguments));
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data, null);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data, "[stderr] ");
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(new DotNetResult(commandLine, workingDirectory, -1, Snapshot(output)).Describe()
                                       + $"{Environment.NewLine}(killed after {timeout.TotalSeconds:0} s)");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        return new DotNetResult(commandLine, workingDirectory, process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line, string? prefix)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(prefix).AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
