using UnIT.Onnx;
using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>
/// A weight file: an <c>.npz</c> archive of named tensors (a PyTorch <c>state_dict</c> saved with <c>np.savez</c>)
/// or a single <c>.npy</c> array named after its file (<c>fc1.weight.npy</c> holds <c>fc1.weight</c>), or an ONNX
/// model whose initializers are renamed to layer names (<see cref="OnnxImport"/>, docs/weight-files.md). NumPy kinds are
/// detected from the content; ONNX by the <c>.onnx</c> extension or a <c>ModelProto</c> start.
/// </summary>
public sealed class WeightFile
{
    private const int ListedNames = 12;

    private readonly TensorMap _tensors;

    private WeightFile(string fileName, bool isArchive, TensorMap tensors, OnnxImport? onnx = null)
    {
        FileName = fileName;
        IsArchive = isArchive;
        _tensors = tensors;
        Onnx = onnx;
    }

    /// <summary>The file's name, as given to <see cref="Parse"/> (the file name only for <see cref="Load(string)"/>).</summary>
    public string FileName { get; }

    /// <summary>True for an <c>.npz</c> archive, false for a single <c>.npy</c> array.</summary>
    public bool IsArchive { get; }

    /// <summary>For an ONNX model, its graph as UnIT layers (checked against the declaration); null for NumPy files.</summary>
    public OnnxImport? Onnx { get; }

    /// <summary>The tensors in file order.</summary>
    public IReadOnlyList<NumPyArray> Tensors => _tensors.Ordered;

    /// <summary>
    /// Parses a weight file held in memory: <c>.npz</c> if it starts with a zip signature (<c>PK\x03\x04</c>, or
    /// <c>PK\x05\x06</c> for an empty archive), <c>.npy</c> if it starts with <c>\x93NUMPY</c>.
    /// </summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="fileName">The file's name: used in error messages, and for a <c>.npy</c> to name its tensor.</param>
    /// <exception cref="NumPyFormatException">The file is empty, not NumPy, damaged or holds an unsupported array.</exception>
    public static WeightFile Parse(byte[] bytes, string fileName)
    {
        if (bytes is null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        if (fileName is null)
        {
            throw new ArgumentNullException(nameof(fileName));
        }

        if (bytes.Length == 0)
        {
            throw new NumPyFormatException(fileName, null, "the file is empty (0 bytes)",
                "export the weights again (np.savez for a state_dict, np.save for one tensor); an interrupted export or copy leaves an empty file");
        }

        var span = new ReadOnlySpan<byte>(bytes);
        if (!IsZip(span) && !NpyReader.HasMagic(span) && OnnxModelReader.LooksLikeOnnx(span, fileName))
        {
            var onnx = OnnxImport.From(OnnxModelReader.Read(bytes, fileName), fileName);
            var mapped = new TensorMap();
            foreach (var tensor in onnx.Tensors)
            {
                mapped.Add(tensor);
            }

            return new WeightFile(fileName, isArchive: true, mapped, onnx);
        }

        if (IsZip(span))
        {
            return new WeightFile(fileName, isArchive: true, NpzReader.ReadMap(bytes, fileName));
        }

        if (NpyReader.HasMagic(span))
        {
            var single = new TensorMap();
            single.Add(NpyReader.Read(span, fileName, NpyReader.TensorNameFromFileName(fileName)));
            return new WeightFile(fileName, isArchive: false, single);
        }

        var description = NpyReader.DescribeStart(span, out var kind);
        throw new NumPyFormatException(fileName, null,
            $"not a NumPy file: {description}, not the .npy magic \\x93NUMPY or the zip signature PK of an .npz",
            NpyReader.FixForForeignFile(kind));
    }

    /// <summary>Reads and parses a weight file from disk; <see cref="FileName"/> is the file's name without directory.</summary>
    /// <exception cref="NumPyFormatException">The file cannot be read, or <see cref="Parse"/> rejects it.</exception>
    public static WeightFile Load(string path) => Parse(ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>
    /// Reads a weight file from <paramref name="stream"/> to its end, e.g. a generated network's embedded original:
    /// <c>WeightFile.Load(LeNet.OpenWeightFile(), LeNet.WeightFileName)</c>. The stream is left open.
    /// </summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="fileName">The file's name, as for <see cref="Parse"/>.</param>
    public static WeightFile Load(Stream stream, string fileName)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(copy.ToArray(), fileName);
    }

    /// <summary>Looks a tensor up by its exact (case-sensitive) name.</summary>
    public bool TryGet(
        string name,
        out NumPyArray? array)
    {
        if (_tensors.TryGetValue(name, out var found))
        {
            array = found;
            return true;
        }

        array = null;
        return false;
    }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="NumPyFormatException">The file has no such tensor; the message lists the ones it has.</exception>
    public NumPyArray Get(string name)
    {
        if (TryGet(name, out var array))
        {
            return array!;
        }

        throw new NumPyFormatException(FileName, name, DescribeMissing(name),
            "check the layer name in the attribute against the state_dict key (layer 'conv1' reads 'conv1.weight' and 'conv1.bias')",
            kind: NumPyProblemKind.MissingTensor);
    }

    /// <summary>Reads a file's bytes, turning I/O failures into <see cref="NumPyFormatException"/>.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var fileName = Path.GetFileName(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var problem = e is FileNotFoundException or DirectoryNotFoundException
                ? $"the file does not exist (looked for '{path}')"
                : $"the file cannot be read ({e.Message.TrimEnd('.')})";
            throw new NumPyFormatException(fileName, null, problem,
                "check the path (a relative path is resolved against the current directory)", e);
        }
    }

    private static bool IsZip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K'
        && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));

    private string DescribeMissing(string name)
    {
        if (_tensors.Count == 0)
        {
            return $"the file has no tensor '{Excerpt.Of(name)}'; it holds no tensors at all";
        }

        var listed = string.Join(", ", _tensors.Ordered.Take(ListedNames).Select(t => $"{Excerpt.Of(t.Name)} {NumPyArray.ShowShape(t.Shape)}"));
        var more = _tensors.Count > ListedNames ? $" and {_tensors.Count - ListedNames} more" : string.Empty;
        var problem = $"the file has no tensor '{Excerpt.Of(name)}'; it has {_tensors.Count} tensor{(_tensors.Count == 1 ? string.Empty : "s")}: {listed}{more}";
        var suggestion = Suggest(name);
        return suggestion is null ? problem : $"{problem} (did you mean '{Excerpt.Of(suggestion)}'?)";
    }

    /// <summary>
    /// A likely intended name: the same name in another case, the same key under a wrapper prefix
    /// (DataParallel's <c>module.</c>, a submodule such as <c>features.</c>), or a typo (<c>conv1.wieght</c>).
    /// </summary>
    private string? Suggest(string name)
    {
        var sameIgnoringCase = _tensors.Ordered.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (sameIgnoringCase is not null)
        {
            return sameIgnoringCase.Name;
        }

        var prefixed = _tensors.Ordered.Where(t => t.Name.EndsWith("." + name, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1)
        {
            return prefixed[0].Name;
        }

        var unprefixed = _tensors.Ordered.Where(t => name.EndsWith("." + t.Name, StringComparison.Ordinal)).ToList();
        return unprefixed.Count == 1 ? unprefixed[0].Name : ClosestName.Find(name, _tensors.Ordered.Select(t => t.Name));
    }
}
