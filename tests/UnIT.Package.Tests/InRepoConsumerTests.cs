using UnIT.NumPy;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// This repository's own consumers (sample-apps/) get the toolchain from source through
/// src/UnIT.Build.Tasks/InRepo: a project with only a UnitWeights item builds and runs like a package consumer.
/// </summary>
public sealed class InRepoConsumerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("unit-inrepo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_project_with_only_a_UnitWeights_item_gets_runtime_generator_and_conversion()
    {
        var inRepo = Path.Combine(BuildSettings.RepositoryRoot, "src", "UnIT.Build.Tasks", "InRepo");
        // What sample-apps/Directory.Build.* do, minus the repository-wide settings they also import.
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.props"),
            $"""<Project><Import Project="{Path.Combine(inRepo, "UnIT.InRepo.props")}" /></Project>""");
        File.WriteAllText(Path.Combine(_directory, "Directory.Build.targets"),
            $"""<Project><Import Project="{Path.Combine(inRepo, "UnIT.InRepo.targets")}" /></Project>""");
        File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "global.json"), Path.Combine(_directory, "global.json"));
        var project = Path.Combine(_directory, "Sample.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <UnitWeights Include="{TinyNetwork.WeightItem}" />
              </ItemGroup>
            </Project>
            """);
        TinyNetwork.WriteSources(_directory);

        // The referenced repository projects were built before the tests ran (this test project depends on them
        // through src/UnIT.Package); use their outputs rather than building them again from a test.
        var build = DotNet.Run(_directory, Timeout, null,
            "build", project, "-c", BuildSettings.Configuration, "-nologo", "-tl:off", "-v:n", "-p:BuildProjectReferences=false",
            "-flp:logfile=build.log;verbosity=detailed");
        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Contains("UnIT: converted weight file 'weights/tiny.npz'", build.Output, StringComparison.Ordinal);
        // The task DLL is this repository's build output, so it runs in a short-lived task host (see UnIT.Generators.targets).
        Assert.Contains("Launching task \"ConvertUnitWeights\"", File.ReadAllText(Path.Combine(_directory, "build.log")), StringComparison.Ordinal);

        var text = Path.Combine(_directory, "obj", BuildSettings.Configuration, "net10.0", "unit", "tiny.npz" + WeightFileText.Extension);
        Assert.True(WeightFileText.TryDecode(File.ReadAllText(text), out var content, out var problem), problem);
        Assert.Equal("weights/tiny.npz", content!.Item);

        var run = DotNet.Run(_directory, Timeout, null, "run", "--project", project, "-c", BuildSettings.Configuration, "--no-build");
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(TinyNetwork.ExpectedOutput, TinyNetwork.Lines(run.Output));
    }
}
