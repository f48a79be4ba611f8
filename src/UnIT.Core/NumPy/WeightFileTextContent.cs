namespace UnIT.NumPy;

/// <summary>A weight file decoded from its build-time text form (<see cref="WeightFileText"/>), verified against its header.</summary>
/// <param name="Name">The weight file's name (<c>lenet.npz</c>).</param>
/// <param name="Item">The <c>UnitWeights</c> item's Include as written, with forward slashes (<c>weights/lenet.npz</c>).</param>
/// <param name="FullPath">The weight file's full path when the build converted it.</param>
/// <param name="Bytes">The weight file's exact bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of <paramref name="Bytes"/>.</param>
/// <remarks>
/// Equality compares every value and the bytes' content (not the array reference), so the record can key a cache or
/// sit in an incremental generator pipeline.
/// </remarks>
public sealed record WeightFileTextContent(string Name, string Item, string FullPath, byte[] Bytes, string Sha256)
{
    /// <summary>Value equality, including the content of <see cref="Bytes"/>.</summary>
    public bool Equals(WeightFileTextContent? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(Sha256, other.Sha256, StringComparison.Ordinal)
                && string.Equals(Name, other.Name, StringComparison.Ordinal)
                && string.Equals(Item, other.Item, StringComparison.Ordinal)
                && string.Equals(FullPath, other.FullPath, StringComparison.Ordinal)
                && SameBytes(Bytes, other.Bytes)));

    /// <summary>A hash of the values; the SHA-256 stands for the bytes.</summary>
    public override int GetHashCode() =>
        StringComparer.Ordinal.GetHashCode(Sha256) ^ (StringComparer.Ordinal.GetHashCode(Name) * 31)
        ^ (StringComparer.Ordinal.GetHashCode(Item) * 17) ^ StringComparer.Ordinal.GetHashCode(FullPath);

    // A plain loop, not span equality: the build task compiles this file as linked source and must not need System.Memory.
    private static bool SameBytes(byte[] first, byte[] second)
    {
        if (first.Length != second.Length)
        {
            return false;
        }

        for (var i = 0; i < first.Length; i++)
        {
            if (first[i] != second[i])
            {
                return false;
            }
        }

        return true;
    }
}
