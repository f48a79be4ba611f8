using System.Globalization;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using UnIT.NumPy;

namespace UnIT.Build.Tasks;

/// <summary>
/// Converts each <c>UnitWeights</c> item (a NumPy <c>.npz</c>/<c>.npy</c> weight file or an ONNX model) into the text AdditionalFile the
/// UnIT source generator reads: <c>&lt;OutputDirectory&gt;/&lt;file name&gt;.unitweights.txt</c> in the
/// <see cref="WeightFileText"/> format. The bytes are carried unchanged whatever the format: the generator reads them
/// with the runtime's own reader (UnIT.Core's NumPy and ONNX readers), so an <c>.onnx</c> needs nothing here. A text file is written only when its content changes, so an unchanged weight
/// file leaves its text file's timestamp, and therefore the compiler's up-to-date check, alone.
/// </summary>
/// <remarks>
/// Errors: <c>UNITB001</c> the weight file does not exist, <c>UNITB002</c> it cannot be read, <c>UNITB003</c> two items
/// share a file name, <c>UNITB004</c> the text file cannot be written. Files are opened only while they are read or
/// written, sharing read, write and delete, so the task never keeps a weight file locked.
/// </remarks>
public sealed class ConvertUnitWeights : Microsoft.Build.Utilities.Task
{
    /// <summary>The weight file does not exist.</summary>
    public const string MissingFileCode = "UNITB001";

    /// <summary>The weight file exists but cannot be read.</summary>
    public const string UnreadableFileCode = "UNITB002";

    /// <summary>Two weight files have the same file name.</summary>
    public const string DuplicateNameCode = "UNITB003";

    /// <summary>The text file cannot be written.</summary>
    public const string UnwritableTextCode = "UNITB004";

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The <c>UnitWeights</c> items: weight files, relative to the project or absolute.</summary>
    [Required]
    public ITaskItem[] Weights { get; set; } = [];

    /// <summary>Where the text files go (the targets pass <c>$(IntermediateOutputPath)unit/</c>).</summary>
    [Required]
    public string OutputDirectory { get; set; } = string.Empty;

    /// <summary>The directory relative Includes resolve against (<c>$(MSBuildProjectDirectory)</c>); named in errors.</summary>
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The text file of every weight file converted without error, written or already up to date; metadata
    /// <c>UnitWeightsItem</c> is the item's Include (forward slashes), <c>UnitWeightsName</c> its file name.
    /// </summary>
    [Output]
    public ITaskItem[] TextFiles { get; private set; } = [];

    /// <summary>The subset of <see cref="TextFiles"/> this run wrote because their content changed.</summary>
    [Output]
    public ITaskItem[] WrittenFiles { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var textFiles = new List<ITaskItem>();
        var writtenFiles = new List<ITaskItem>();
        var firstByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Weights)
        {
            var include = item.ItemSpec.Replace('\\', '/');
            var source = item.GetMetadata("FullPath");
            var name = Path.GetFileName(source);
            if (firstByName.TryGetValue(name, out var first))
            {
                Error(item, DuplicateNameCode,
                    $"UnitWeights items '{first}' and '{include}' have the same file name '{name}'. A network names its weight file " +
                    $"by file name ([UnitNetwork(\"{name}\")]), and so do the converted text file and the embedded resource " +
                    $"'UnIT.Weights.{name}'. Rename one of the files.");
                continue;
            }

            firstByName.Add(name, include);
            if (!TryRead(item, include, source, out var bytes))
            {
                continue;
            }

            var target = Path.Combine(OutputDirectory, WeightFileText.TextFileName(name));
            var text = Utf8NoBom.GetBytes(WeightFileText.Encode(bytes, name, include, source));
            if (!TryWriteIfChanged(item, include, target, text, out var written))
            {
                continue;
            }

            var output = new TaskItem(target);
            output.SetMetadata("UnitWeightsItem", include);
            output.SetMetadata("UnitWeightsName", name);
            textFiles.Add(output);
            if (written)
            {
                writtenFiles.Add(output);
                Log.LogMessage(MessageImportance.Normal, "UnIT: converted weight file '{0}' ({1} bytes) to '{2}'.",
                    include, bytes.Length.ToString(CultureInfo.InvariantCulture), target);
            }
            else
            {
                Log.LogMessage(MessageImportance.Low, "UnIT: '{0}' is unchanged; left '{1}' as it was.", include, target);
            }
        }

        TextFiles = [.. textFiles];
        WrittenFiles = [.. writtenFiles];
        return !Log.HasLoggedErrors;
    }

    private string ProjectDirectoryForMessages =>
        ProjectDirectory.Length > 0 ? ProjectDirectory : Directory.GetCurrentDirectory();

    private bool TryRead(ITaskItem item, string include, string source, out byte[] bytes)
    {
        bytes = [];
        if (Directory.Exists(source))
        {
            Error(item, MissingFileCode,
                $"UnitWeights item '{include}' is a directory ('{source}'), not a weight file. List the .npz, .npy or .onnx file itself, " +
                $"e.g. <UnitWeights Include=\"{include.TrimEnd('/')}/model.npz\" />.");
            return false;
        }

        if (!File.Exists(source))
        {
            Error(item, MissingFileCode,
                $"UnitWeights item '{include}' names a weight file that does not exist ('{source}'). Fix the Include " +
                $"(a relative path is resolved against the project directory '{ProjectDirectoryForMessages}'), " +
                "or export the weights there first (np.savez for a PyTorch state_dict, np.save for one tensor, torch.onnx.export for a model).");
            return false;
        }

        try
        {
            bytes = ReadAllBytesShared(source);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Error(item, UnreadableFileCode,
                $"UnitWeights item '{include}' cannot be read ('{source}'): {e.Message.TrimEnd('.')}. Check that the file is " +
                "readable by the user running the build and that no other program holds it open exclusively, then build again.");
            return false;
        }
    }

    private bool TryWriteIfChanged(ITaskItem item, string include, string target, byte[] text, out bool written)
    {
        written = false;
        try
        {
            if (File.Exists(target) && SameContent(target, text))
            {
                return true;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            File.WriteAllBytes(target, text);
            written = true;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Error(item, UnwritableTextCode,
                $"The converted text of UnitWeights item '{include}' cannot be written to '{target}': {e.Message.TrimEnd('.')}. " +
                "Check that the intermediate output directory (obj/) is writable and that no other program holds the file open, then build again.");
            return false;
        }
    }

    private static bool SameContent(string path, byte[] expected)
    {
        var existing = ReadAllBytesShared(path);
        if (existing.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < existing.Length; i++)
        {
            if (existing[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a file sharing read, write and delete: an export script or an editor may have it open, and the build must
    /// neither fail because of that nor block it.
    /// </summary>
    private static byte[] ReadAllBytesShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>An error located at the project file that defines the item, with its code; the message is not a format string.</summary>
    private void Error(ITaskItem item, string code, string message)
    {
        var project = item.GetMetadata("DefiningProjectFullPath");
        Log.LogError(subcategory: null, errorCode: code, helpKeyword: code, file: string.IsNullOrEmpty(project) ? null : project,
            lineNumber: 0, columnNumber: 0, endLineNumber: 0, endColumnNumber: 0, message: message);
    }
}
