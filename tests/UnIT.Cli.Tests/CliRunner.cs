using Spectre.Console;

namespace UnIT.Cli.Tests;

/// <summary>Runs the <c>unit</c> command tree in process, the way the tool's Main does, and captures what it prints.</summary>
internal static class CliRunner
{
    /// <summary>The built MNIST sample (its generated classes), recorded by the test project at build time.</summary>
    public static string MnistSampleAssembly { get; } = Recorded("MnistSampleAssembly");

    /// <summary>The built bring-your-own-model sample (sample-apps/Sensor).</summary>
    public static string SensorSampleAssembly { get; } = Recorded("SensorSampleAssembly");

    private static string Recorded(string key) => typeof(CliRunner).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Exit code, console output (tables and raw text) and error output of <c>unit <paramref name="args"/></c>.</summary>
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var exit = CliApp.Run(args, console, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
