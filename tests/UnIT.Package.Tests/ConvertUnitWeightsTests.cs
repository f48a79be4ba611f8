using System.Text;
using System.Text.RegularExpressions;
using UnIT.NumPy;
using Xunit;

namespace UnIT.Package.Tests;

/// <summary>
/// The ConvertUnitWeights task as MSBuild runs it (a child `dotnet msbuild` loading the built task DLL): what it
/// writes, when it writes, and every error it reports, located at the project that declares the item.
/// </summary>
public sealed partial class ConvertUnitWeightsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private static readonly DateTime LongAgo = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);

    private readonly string _directory = Directory.CreateTempSubdirectory("unit-task-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string ProjectPath => Path.Combine(_directory, "convert.proj");

    [Theory]
    [InlineData("")] // in the build process, as package consumers load it
    [InlineData("TaskHostFactory")] // out of process, as this repository's own consumers load it
    public void Converts_each_weight_file_to_a_text_file_that_decodes_to_the_same_bytes(string taskFactory)
    {
        var first = WriteWeights("weights/lenet.npz", 1000);
        var second = WriteWeights("mlp.npy", 3);

        var run = Convert(taskFactory, "weights/lenet.npz", "mlp.npy");

        Assert.True(run.Result.ExitCode == 0, run.Result.Describe());
        Assert.Equal(["lenet.npz.unitweights.txt|weights/lenet.npz|lenet.npz", "mlp.npy.unitweights.txt|mlp.npy|mlp.npy"], run.TextFiles);
        Assert.Equal(["lenet.npz.unitweights.txt", "mlp.npy.unitweights.txt"], run.WrittenFiles);

        var text = File.ReadAllBytes(TextPath("lenet.npz"));
        Assert.False(text.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the text file has no BOM");
        Assert.True(WeightFileText.TryDecode(Encoding.UTF8.GetString(text), out var content, out var problem), problem);
        Assert.Equal(first, content!.Bytes);
        Assert.Equal("lenet.npz", content.Name);
        Assert.Equal("weights/lenet.npz", content.Item);
        Assert.Equal(Path.Combine(_directory, "weights", "lenet.npz"), content.FullPath);
        Assert.True(WeightFileText.TryDecode(File.ReadAllText(TextPath("mlp.npy")), out var small, out _));
        Assert.Equal(second, small!.Bytes);
    }

    [Fact]
    public void Reads_a_weight_file_that_another_program_still_has_open_for_writing()
    {
        var bytes = WriteWeights("lenet.npz", 100);

        using (new FileStream(Path.Combine(_directory, "lenet.npz"), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            var run = Convert("", "lenet.npz");
            Assert.True(run.Result.ExitCode == 0, run.Result.Describe());
        }

        Assert.True(WeightFileText.TryDecode(File.ReadAllText(TextPath("lenet.npz")), out var content, out _));
        Assert.Equal(bytes, content!.Bytes);
    }

    [Fact]
    public void An_unchanged_weight_file_leaves_its_text_file_untouched()
    {
        WriteWeights("lenet.npz", 5000);
        Assert.Equal(0, Convert("", "lenet.npz").Result.ExitCode);
        File.SetLastWriteTimeUtc(TextPath("lenet.npz"), LongAgo);
        File.SetLastWriteTimeUtc(Path.Combine(_directory, "lenet.npz"), DateTime.UtcNow); // touched, same content

        var again = Convert("", "lenet.npz");

        Assert.True(again.Result.ExitCode == 0, again.Result.Describe());
        Assert.Equal(["lenet.npz.unitweights.txt|lenet.npz|lenet.npz"], again.TextFiles);
        Assert.Empty(again.WrittenFiles);
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(TextPath("lenet.npz")));
    }

    [Fact]
    public void A_changed_weight_file_rewrites_only_its_own_text_file()
    {
        WriteWeights("a.npz", 300);
        WriteWeights("b.npz", 300);
        Assert.Equal(0, Convert("", "a.npz", "b.npz").Result.ExitCode);
        File.SetLastWriteTimeUtc(TextPath("a.npz"), LongAgo);
        File.SetLastWriteTimeUtc(TextPath("b.npz"), LongAgo);
        var changed = WriteWeights("b.npz", 301);

        var again = Convert("", "a.npz", "b.npz");

        Assert.True(again.Result.ExitCode == 0, again.Result.Describe());
        Assert.Equal(["b.npz.unitweights.txt"], again.WrittenFiles);
        Assert.Equal(LongAgo, File.GetLastWriteTimeUtc(TextPath("a.npz")));
        Assert.True(WeightFileText.TryDecode(File.ReadAllText(TextPath("b.npz")), out var content, out _));
        Assert.Equal(changed, content!.Bytes);
    }

    [Fact]
    public void A_damaged_text_file_of_the_same_length_is_rewritten()
    {
        WriteWeights("a.npz", 300);
        Assert.Equal(0, Convert("", "a.npz").Result.ExitCode);
        var bytes = File.ReadAllBytes(TextPath("a.npz"));
        bytes[^2] = (byte)(bytes[^2] == 'A' ? 'B' : 'A');
        File.WriteAllBytes(TextPath("a.npz"), bytes);

        var again = Convert("", "a.npz");

        Assert.Equal(["a.npz.unitweights.txt"], again.WrittenFiles);
        Assert.True(WeightFileText.TryDecode(File.ReadAllText(TextPath("a.npz")), out _, out var problem), problem);
    }

    [Fact]
    public void A_missing_weight_file_is_UNITB001_at_the_project_naming_the_item_and_the_fix_and_the_others_are_still_converted()
    {
        WriteWeights("present.npz", 10);

        var run = Convert("", "weights/missing.npz", "present.npz");

        Assert.NotEqual(0, run.Result.ExitCode);
        var error = Assert.Single(run.Errors);
        Assert.Equal(ProjectPath, error.File);
        Assert.Equal("UNITB001", error.Code);
        Assert.Contains("UnitWeights item 'weights/missing.npz'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, "weights", "missing.npz"), error.Message, StringComparison.Ordinal);
        Assert.Contains($"Fix the Include (a relative path is resolved against the project directory '{_directory}')", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(TextPath("present.npz")), "the other weight file is still converted");
        Assert.False(File.Exists(TextPath("missing.npz")));
    }

    [Fact]
    public void A_directory_is_UNITB001_asking_for_the_file_itself()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "weights"));

        var error = Assert.Single(Convert("", "weights").Errors);

        Assert.Equal("UNITB001", error.Code);
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("<UnitWeights Include=\"weights/model.npz\" />", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_file_that_cannot_be_read_is_UNITB002()
    {
        WriteWeights("held.npz", 10);

        // Another program holding the file exclusively: the read fails on every OS (.NET takes advisory locks on Unix).
        ConvertRun run;
        using (new FileStream(Path.Combine(_directory, "held.npz"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            run = Convert("", "held.npz");
        }

        var error = Assert.Single(run.Errors);
        Assert.Equal("UNITB002", error.Code);
        Assert.Contains("UnitWeights item 'held.npz' cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Contains("build again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_weight_files_with_one_file_name_are_UNITB003()
    {
        WriteWeights("a/lenet.npz", 10);
        WriteWeights("b/LeNet.npz", 10);

        var error = Assert.Single(Convert("", "a/lenet.npz", "b/LeNet.npz").Errors);

        Assert.Equal("UNITB003", error.Code);
        Assert.Contains("'a/lenet.npz' and 'b/LeNet.npz' have the same file name", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rename one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_directory_that_cannot_be_created_is_UNITB004()
    {
        WriteWeights("a.npz", 10);
        Directory.CreateDirectory(Path.Combine(_directory, "obj"));
        File.WriteAllText(Path.Combine(_directory, "obj", "unit"), "a file where the directory should be");

        var error = Assert.Single(Convert("", "a.npz").Errors);

        Assert.Equal("UNITB004", error.Code);
        Assert.Contains("cannot be written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Braces_in_an_item_are_reported_verbatim()
    {
        var error = Assert.Single(Convert("", "{0}/missing.npz").Errors);

        Assert.Contains("UnitWeights item '{0}/missing.npz'", error.Message, StringComparison.Ordinal);
    }

    private ConvertRun Convert(string taskFactory, params string[] includes)
    {
        var factory = taskFactory.Length == 0 ? string.Empty : $" TaskFactory=\"{taskFactory}\"";
        var items = string.Concat(includes.Select(i => $"    <UnitWeights Include=\"{i}\" />\n"));
        File.WriteAllText(ProjectPath, $"""
            <Project>
              <UsingTask TaskName="UnIT.Build.Tasks.ConvertUnitWeights" AssemblyFile="{BuildSettings.UnitBuildTasksAssembly}"{factory} />
              <ItemGroup>
            {items}  </ItemGroup>
              <Target Name="Convert">
                <ConvertUnitWeights Weights="@(UnitWeights)" OutputDirectory="obj/unit" ProjectDirectory="$(MSBuildProjectDirectory)">
                  <Output TaskParameter="TextFiles" ItemName="_Text" />
                  <Output TaskParameter="WrittenFiles" ItemName="_Written" />
                </ConvertUnitWeights>
                <Message Importance="high" Text="TextFiles=@(_Text->'%(Filename)%(Extension)|%(UnitWeightsItem)|%(UnitWeightsName)', ',')" />
                <Message Importance="high" Text="WrittenFiles=@(_Written->'%(Filename)%(Extension)', ',')" />
              </Target>
            </Project>
            """);
        var result = DotNet.Run(_directory, Timeout, null, "msbuild", ProjectPath, "-nologo", "-v:m", "-tl:off", "-clp:NoSummary", "-t:Convert");
        return new ConvertRun(result);
    }

    private byte[] WriteWeights(string relative, int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return bytes;
    }

    private string TextPath(string name) => Path.Combine(_directory, "obj", "unit", name + WeightFileText.Extension);

    [GeneratedRegex(@"^\s*(?<file>.*?) : error (?<code>[A-Z]+\d+): (?<message>.*)$")]
    private static partial Regex ErrorLine();

    private sealed record BuildError(string File, string Code, string Message);

    /// <summary>One run of the task, with its output parsed.</summary>
    private sealed class ConvertRun(DotNetResult result)
    {
        public DotNetResult Result { get; } = result;

        public string[] TextFiles => List("TextFiles=");

        public string[] WrittenFiles => List("WrittenFiles=");

        public BuildError[] Errors =>
        [
            .. Lines().Select(l => ErrorLine().Match(l)).Where(m => m.Success)
                .Select(m => new BuildError(m.Groups["file"].Value, m.Groups["code"].Value, m.Groups["message"].Value)),
        ];

        private string[] List(string prefix)
        {
            var line = Lines().Select(l => l.Trim()).SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"No '{prefix}' line in the output. {Result.Describe()}");
            return line.Length == prefix.Length ? [] : line.Substring(prefix.Length).Split(',');
        }

        private string[] Lines() => Result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }
}
