using UnIT.Text;

namespace UnIT.NumPy;

/// <summary>
/// Reads an <c>.npz</c> archive (<c>np.savez</c>: members stored; <c>np.savez_compressed</c>: deflated). Member
/// <c>x.npy</c> becomes tensor <c>x</c>, dots kept (<c>conv1.weight.npy</c> is <c>conv1.weight</c>), in archive order.
/// </summary>
public static class NpzReader
{
    /// <summary>Reads every member of an <c>.npz</c> image.</summary>
    /// <param name="bytes">The whole archive.</param>
    /// <param name="fileName">The weight file's name, for error messages.</param>
    /// <returns>The tensors by name; enumeration follows archive order.</returns>
    /// <exception cref="NumPyFormatException">The archive is damaged, holds something other than <c>.npy</c> arrays, or an array is unsupported.</exception>
    public static IReadOnlyDictionary<string, NumPyArray> Read(byte[] bytes, string fileName) => ReadMap(bytes, fileName);

    /// <summary>Reads an <c>.npz</c> file from disk.</summary>
    /// <exception cref="NumPyFormatException">The file cannot be read or is not a supported archive.</exception>
    public static IReadOnlyDictionary<string, NumPyArray> ReadFile(string path) =>
        Read(WeightFile.ReadAllBytes(path), Path.GetFileName(path));

    /// <summary>The tensors of an archive, in order.</summary>
    internal static TensorMap ReadMap(byte[] bytes, string fileName)
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
                "export the weights again; an interrupted export or copy leaves an empty file");
        }

        var zip = new ZipArchiveReader(bytes, fileName);
        var members = zip.ReadDirectory();
        CheckMembers(members, fileName);

        var tensors = new TensorMap();
        foreach (var member in members)
        {
            var data = zip.Extract(member);
            tensors.Add(NpyReader.Read(data, fileName, member.TensorName));
        }

        return tensors;
    }

    /// <summary>Rejects archives that are not a set of uniquely named <c>.npy</c> members before inflating anything.</summary>
    private static void CheckMembers(IReadOnlyList<ZipMember> members, string fileName)
    {
        // torch.save writes a zip too ("archive/data.pkl" plus tensor blobs): say so rather than "not .npy".
        if (members.Any(m => m.Name.EndsWith("data.pkl", StringComparison.Ordinal)))
        {
            throw new NumPyFormatException(fileName, null,
                "this is a PyTorch checkpoint (torch.save zip with data.pkl), not an .npz of NumPy arrays",
                NpyReader.FixForForeignFile("pickle"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!member.Name.EndsWith(".npy", StringComparison.Ordinal))
            {
                throw new NumPyFormatException(fileName, null,
                    $"archive member '{Excerpt.Of(member.Name)}' is not a .npy array (an .npz holds only <name>.npy members)",
                    "create the archive with np.savez(path, **arrays) and put nothing else in it");
            }

            if (!seen.Add(member.Name))
            {
                throw new NumPyFormatException(fileName, member.TensorName,
                    $"the archive holds two members named '{Excerpt.Of(member.Name)}', so the tensor is ambiguous",
                    "create the archive with np.savez(path, **arrays), which writes each name once");
            }
        }
    }
}

/// <summary>A read-only name → tensor map that enumerates in insertion (archive) order.</summary>
internal sealed class TensorMap : IReadOnlyDictionary<string, NumPyArray>
{
    private readonly List<NumPyArray> _ordered = new();
    private readonly Dictionary<string, NumPyArray> _byName = new(StringComparer.Ordinal);

    public int Count => _ordered.Count;

    public IEnumerable<string> Keys => _ordered.Select(a => a.Name);

    public IEnumerable<NumPyArray> Values => _ordered;

    public IReadOnlyList<NumPyArray> Ordered => _ordered;

    public NumPyArray this[string key] => _byName[key];

    public void Add(NumPyArray array)
    {
        _byName.Add(array.Name, array);
        _ordered.Add(array);
    }

    public bool ContainsKey(string key) => _byName.ContainsKey(key);

    public bool TryGetValue(string key, out NumPyArray value) => _byName.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, NumPyArray>> GetEnumerator() =>
        _ordered.Select(a => new KeyValuePair<string, NumPyArray>(a.Name, a)).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
