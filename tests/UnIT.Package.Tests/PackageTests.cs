using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// The package as a user gets it: its layout and dependencies, and a new project that restores it from a local feed,
/// declares a weight file and a [UnitNetwork], builds, runs, and builds again incrementally.
/// </summary>
[Collection(RepositoryPackCollection.Name)]
public sealed partial class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    private static readonly TimeSpan RestoreAndBuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(1);
    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    [Fact]
    public void Pack_is_warning_free()
    {
        package.AssertPacked();

        Assert.DoesNotContain(": warning ", package.Pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_holds_runtime_generator_and_build_files_where_NuGet_and_MSBuild_look()
    {
        package.AssertPacked();
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).Where(n => !IsPackagingMetadata(n)).Order(StringComparer.Ordinal).ToArray();

        string[] libraries = ["UnIT.Core.dll", "UnIT.Core.xml", "UnIT.Runtime.dll", "UnIT.Runtime.xml"];
        string[] expected =
        [
            "README.md",
            .. Documentation(),
            "analyzers/dotnet/cs/UnIT.Analyzers.CodeFixes.dll",
            "analyzers/dotnet/cs/UnIT.Analyzers.dll",
            "analyzers/dotnet/cs/UnIT.Core.dll",
            "analyzers/dotnet/cs/UnIT.Generators.dll",
            "buildTransitive/UnIT.Generators.props",
            "buildTransitive/UnIT.Generators.targets",
            "buildTransitive/tasks/netstandard2.0/UnIT.Build.Tasks.dll",
            .. libraries.Select(f => "lib/net10.0/" + f),
            // Calibration from code (net10.0 only, as the projects are).
            .. Calibration.Select(f => "lib/net10.0/" + f),
            .. libraries.Select(f => "lib/netstandard2.0/" + f),
            // The build-time C exporter (UnitExportC): the program and what it runs on, no symbols or XML docs.
            .. ExportTool.Select(f => "tools/export-c/" + f),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), entries);

        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var groups = nuspec.Descendants().Where(e => e.Name.LocalName == "group").ToDictionary(
            g => (string)g.Attribute("targetFramework")!,
            g => g.Elements().Select(d => (string)d.Attribute("id")!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["SixLabors.ImageSharp", "Spectre.Console", "System.Numerics.Tensors"], groups["net10.0"]);
        Assert.Equal(["Spectre.Console", "System.Memory", "System.Text.Json"], groups[".NETStandard2.0"]);
        Assert.Equal(2, groups.Count);
    }

    /// <summary>The calibration library and the data types it takes, with their XML docs.</summary>
    private static readonly string[] Calibration =
        ["UnIT.Calibration.dll", "UnIT.Calibration.xml", "UnIT.Training.dll", "UnIT.Training.xml"];

    /// <summary>What src/UnIT.Export's publish list puts under tools/export-c/.</summary>
    private static readonly string[] ExportTool =
    [
        "Spectre.Console.dll", "UnIT.Core.dll", "UnIT.Export.deps.json", "UnIT.Export.dll", "UnIT.Export.runtimeconfig.json",
        "UnIT.Generators.dll", "UnIT.Msp430.dll", "UnIT.Runtime.dll",
    ];

    /// <summary>Every page under docs/ (the diagnostics' help pages among them), where the package keeps it.</summary>
    private static IEnumerable<string> Documentation()
    {
        var docs = Path.Combine(BuildSettings.RepositoryRoot, "docs");
        return Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories)
            .Select(f => "docs/" + Path.GetRelativePath(docs, f).Replace('\\', '/'));
    }

    [Fact]
    public void A_new_project_restores_the_package_builds_runs_and_rebuilds_incrementally()
    {
        package.AssertPacked();
        var consumer = Consumer.Create(package);

        // 1. Restore (local feed for UnIT.Generators, nuget.org for its dependencies) and build.
        var build = consumer.Build(RestoreAndBuildTimeout, restore: true);
        Assert.True(build.ExitCode == 0, build.Describe());
        consumer.AssertRestoredFromTheLocalFeed(package.PackagePath);

        // The weight file reached the compiler as text: the exact bytes, named as the item.
        var text = File.ReadAllText(consumer.WeightText);
        Assert.True(WeightFileText.TryDecode(text, out var content, out var problem), problem);
        Assert.Equal(File.ReadAllBytes(consumer.WeightFile), content!.Bytes);
        Assert.Equal("weights/tiny.npz", content.Item);

        // The build property reached the generator (CompilerVisibleProperty from the package's props).
        var generated = consumer.GeneratedSource();
        Assert.Contains("(unrolled)", generated, StringComparison.Ordinal);
        Assert.Contains("(table-driven", generated, StringComparison.Ordinal);

        // 2. Run: the generated kernels compute what the weights say, and the original file is embedded under the
        // resource name the generated code expects.
        var run = consumer.Run();
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(TinyNetwork.ExpectedOutput, TinyNetwork.Lines(run.Output));

        // 3. Nothing changed: the conversion and the compiler are both skipped, the text file is left alone.
        File.SetLastWriteTimeUtc(consumer.WeightText, LongAgo);
        var again = consumer.Build(BuildTimeout);
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.True(again.Output.Contains("Skipping target \"UnitConvertWeights\"", StringComparison.Ordinal), "the conversion ran again. " + again.Describe());
        Assert.True(again.Output.Contains("Skipping target \"CoreCompile\"", StringComparison.Ordinal), "the compiler ran again. " + again.Describe());
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(consumer.WeightText));

        // 4. The weight file is touched but not changed: the conversion runs, finds the same text, and writes nothing.
        File.SetLastWriteTimeUtc(consumer.WeightFile, DateTime.UtcNow);
        var touched = consumer.Build(BuildTimeout);
        Assert.True(touched.ExitCode == 0, touched.Describe());
        Assert.False(touched.Output.Contains("Skipping target \"UnitConvertWeights\"", StringComparison.Ordinal), "the touched weight file was not looked at. " + touched.Describe());
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(consumer.WeightText));

        // 5. The weight file is gone: the build stops with UNITB001 at the project, naming the item.
        File.Move(consumer.WeightFile, consumer.WeightFile + ".moved");
        var missing = consumer.Build(BuildTimeout);
        Assert.True(missing.ExitCode != 0, missing.Describe());
        Assert.Contains($"{consumer.ProjectPath} : error UNITB001: UnitWeights item 'weights/tiny.npz'", missing.Output, StringComparison.Ordinal);
    }

    private static bool IsPackagingMetadata(string entry) =>
        entry.EndsWith(".nuspec", StringComparison.Ordinal) || entry.StartsWith("_rels/", StringComparison.Ordinal)
        || entry.StartsWith("package/", StringComparison.Ordinal) || entry == "[Content_Types].xml";

    /// <summary>A fresh consumer project in its own directory, with its own NuGet configuration and package folder.</summary>
    private sealed class Consumer
    {
        private readonly Dictionary<string, string> _environment;

        private Consumer(string directory, string packages)
        {
            Directory = directory;
            Packages = packages;
            _environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        }

        public string Directory { get; }

        /// <summary>The isolated global packages folder: a stale UnIT.Generators from another run can never be used.</summary>
        public string Packages { get; }

        public string ProjectPath => Path.Combine(Directory, "Consumer.csproj");

        public string WeightFile => Path.Combine(Directory, TinyNetwork.WeightItem);

        public string WeightText => Path.Combine(Directory, "obj", "Release", "net10.0", "unit", "tiny.npz" + WeightFileText.Extension);

        /// <summary>
        /// A consumer in <paramref name="name"/>/consumer under the fixture's folder. The test classes' consumers share one
        /// packages folder (the tests of a class run one after another), so the dependencies are downloaded once.
        /// </summary>
        public static Consumer Create(PackageFixture package, string name = "smoke", string properties = "")
        {
            var root = System.IO.Directory.CreateDirectory(Path.Combine(package.Root, name)).FullName;
            var directory = Path.Combine(root, "consumer");
            var consumer = new Consumer(directory, Path.Combine(package.Root, "packages"));
            System.IO.Directory.CreateDirectory(directory);
            File.Copy(Path.Combine(BuildSettings.RepositoryRoot, "global.json"), Path.Combine(directory, "global.json"));
            package.WriteNuGetConfig(directory, consumer.Packages);
            File.WriteAllText(consumer.ProjectPath, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                    <!-- fc1 has 10 non-zero weights, fc2 has 6: one table-driven kernel and one unrolled. -->
                    <UnitMaxUnrolledWeights>8</UnitMaxUnrolledWeights>{properties}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="UnIT.Generators" Version="{BuildSettings.PackageVersion}" />
                  </ItemGroup>
                  <ItemGroup>
                    <UnitWeights Include="{TinyNetwork.WeightItem}" />
                  </ItemGroup>
                </Project>
                """);
            TinyNetwork.WriteSources(directory);
            return consumer;
        }

        /// <summary>The source the generator wrote for the network (EmitCompilerGeneratedFiles puts it under obj/).</summary>
        public string GeneratedSource()
        {
            var files = System.IO.Directory.GetFiles(Path.Combine(Directory, "obj"), "*.cs", SearchOption.AllDirectories)
                .Where(f => f.Contains("UnIT.Generators", StringComparison.Ordinal)).ToArray();
            Assert.True(files.Length == 1, $"expected one generated file under obj/, found: {string.Join(", ", files)}");
            return File.ReadAllText(files[0]);
        }

        public DotNetResult Build(TimeSpan timeout, bool restore = false, params string[] properties) =>
            DotNet.Run(Directory, timeout, _environment,
                ["build", ProjectPath, "-c", "Release", "-nologo", "-tl:off", "-v:n", restore ? "--restore" : "--no-restore", .. properties.Select(p => "-p:" + p)]);

        public DotNetResult Run() =>
            DotNet.Run(Directory, BuildTimeout, _environment, "run", "--project", ProjectPath, "-c", "Release", "--no-build");

        /// <summary>The package in the isolated folder is byte for byte the one just packed (NuGet records its SHA-512).</summary>
        public void AssertRestoredFromTheLocalFeed(string packagePath)
        {
            var version = BuildSettings.PackageVersion;
            var recorded = Path.Combine(Packages, "unit.generators", version, $"unit.generators.{version}.nupkg.sha512");
            Assert.True(File.Exists(recorded), $"UnIT.Generators was not restored into the isolated folder {Packages}.");
            Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(packagePath))), File.ReadAllText(recorded).Trim());
        }
    }
}
