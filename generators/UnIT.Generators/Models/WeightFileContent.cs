namespace UnIT.Generators.Models;

/// <summary>
/// A weight file as the build converted it (a text AdditionalFile): its names, its bytes, or why it could not be read.
/// Equality uses the names and the SHA-256 of the bytes, so an unchanged file keeps the pipeline cached without
/// comparing megabytes.
/// </summary>
internal sealed class WeightFileContent : IEquatable<WeightFileContent>
{
    public WeightFileContent(string name, string item, string? fullPath, byte[] bytes, string sha256, string? problem)
    {
        Name = name;
        Item = item;
        FullPath = fullPath;
        Bytes = bytes;
        Sha256 = sha256;
        Problem = problem;
    }

    /// <summary>The file name (<c>lenet.npz</c>).</summary>
    public string Name { get; }

    /// <summary>The project item as written (<c>weights/lenet.npz</c>).</summary>
    public string Item { get; }

    /// <summary>The original file's full path, for messages.</summary>
    public string? FullPath { get; }

    /// <summary>The exact bytes of the original file.</summary>
    public byte[] Bytes { get; }

    /// <summary>SHA-256 of <see cref="Bytes"/>, lowercase hex.</summary>
    public string Sha256 { get; }

    /// <summary>Why the converted text could not be decoded, or null.</summary>
    public string? Problem { get; }

    /// <summary>Whether the attribute's file name refers to this file (by item path or by file name).</summary>
    public bool IsNamedBy(string declared)
    {
        var normalized = declared.Replace('\\', '/').TrimStart('.', '/');
        return string.Equals(normalized, Item.Replace('\\', '/').TrimStart('.', '/'), StringComparison.OrdinalIgnoreCase)
            || string.Equals(normalized, Name, StringComparison.OrdinalIgnoreCase);
    }

    public bool Equals(WeightFileContent? other) =>
        other is not null && Name == other.Name && Item == other.Item && Sha256 == other.Sha256 && Problem == other.Problem && FullPath == other.FullPath;

    public override bool Equals(object? obj) => Equals(obj as WeightFileContent);

    public override int GetHashCode() => (Name, Item, Sha256).GetHashCode();
}
