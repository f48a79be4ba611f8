using System.Xml.Linq;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// The README as a new user follows it: its Install block is run as written, in a copy of the repository and with a
/// fresh home folder (so `~/unit-feed` and `~/MyApp` are the test's own), its project item is added to the app, and
/// every C# block in it is the app's Program.cs in turn — built against the package just installed and run (beside the
/// weight file and the samples the blocks read).
/// </summary>
[Collection(RepositoryPackCollection.Name)]
public sealed class ReadmeTests : IDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    private readonly string _home = Directory.CreateTempSubdirectory("unit-readme-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A temporary directory left behind is not worth failing the run for.
        }
    }

    private static string Readme => Path.Combine(BuildSettings.RepositoryRoot, "README.md");

    [Fact]
    public void The_install_block_gives_an_app_that_builds_and_runs_every_csharp_block_of_the_readme()
    {
        var blocks = MarkdownCodeBlocks.Read(Readme);
        var install = Assert.Single(blocks, b => b is { Section: "Install", Language: "sh" });
        var item = Assert.Single(blocks, b => b is { Section: "Using UnIT.Generators in your project", Language: "xml" });
        var programs = blocks.Where(b => b.Language == "csharp").ToArray();
        Assert.NotEmpty(programs);

        // HOME is the test's folder, so `~/unit-feed`, `~/MyApp` and the installed tool are the test's own. NuGet's
        // package cache stays the machine's: the time-stamped version is what keeps a stale package out (the README's
        // claim), and the packages the build needs are not downloaded again.
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = _home,
            ["DOTNET_CLI_HOME"] = _home,
            ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
                ? packages
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        };

        // The block starts in a clone of the repository, as a user's does: a copy of its tracked files. Packing restores
        // and builds there, never in this repository, whose projects other test runs are building at the same time.
        var clone = Path.Combine(_home, "UnIT.Generators");
        var copied = DotNet.Script(BuildSettings.RepositoryRoot, BuildTimeout, environment,
            $"mkdir -p '{clone}' && git ls-files -z | xargs -0 cp --parents -t '{clone}'");
        Assert.True(copied.ExitCode == 0, "copying the repository's tracked files failed. " + copied.Describe());
        var installed = DotNet.Script(clone, InstallTimeout, environment, install.Code);
        Assert.True(installed.ExitCode == 0, $"README.md:{install.Line}: the Install block failed. " + installed.Describe());

        var app = Path.Combine(_home, "MyApp");
        var project = Path.Combine(app, "MyApp.csproj");
        var reference = XDocument.Load(project).Descendants("PackageReference").Single(e => (string?)e.Attribute("Include") == "UnIT.Generators");
        Assert.StartsWith(BuildSettings.PackageVersion + "-dev.", (string)reference.Attribute("Version")!, StringComparison.Ordinal);

        // The README's item (lenet.npz) and the MNIST LeNet's weights under that name: the network the C# blocks declare.
        var document = XDocument.Load(project);
        document.Root!.Add(XElement.Parse(item.Code));
        document.Save(project);
        File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "sample-apps", "Mnist", "models", "mnist-dense.npz"), Path.Combine(app, "lenet.npz"));
        ReadmeCalibrationSamples.Write(app);

        // The `unit` tool the block installed runs from the user's tool folder.
        var tool = DotNet.Script(app, BuildTimeout, environment, "~/.dotnet/tools/unit --help");
        Assert.True(tool.ExitCode == 0, "the installed unit tool does not run. " + tool.Describe());
        Assert.Contains("calibrate", tool.Output, StringComparison.Ordinal);

        foreach (var program in programs)
        {
            File.WriteAllText(Path.Combine(app, "Program.cs"), program.Code);
            var where = $"README.md:{program.Line} (the C# block under '{program.Section}')";
            var build = DotNet.Run(app, BuildTimeout, environment, "build", project, "-c", "Release", "-nologo", "-tl:off", "-warnaserror");
            Assert.True(build.ExitCode == 0, $"{where} does not build. " + build.Describe());
            var run = DotNet.Run(app, BuildTimeout, environment, "run", "--project", project, "-c", "Release", "--no-build");
            Assert.True(run.ExitCode == 0, $"{where} fails when run. " + run.Describe());
            Assert.False(string.IsNullOrWhiteSpace(run.Output), $"{where} printed nothing.");
        }
    }
}
