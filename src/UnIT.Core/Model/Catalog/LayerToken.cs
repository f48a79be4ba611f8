using System.Globalization;

namespace UnIT.Model.Catalog;

/// <summary>One item of a <c>--layers</c> list, split at its colons: <c>conv2d:conv1:6:5</c>. Part 0 is the kind.</summary>
public sealed class LayerToken
{
    private readonly string[] _parts;

    internal LayerToken(string text)
    {
        Text = text;
        _parts = text.Split(':');
    }

    /// <summary>The item as written.</summary>
    public string Text { get; }

    /// <summary>The kind as written: <c>conv2d</c>.</summary>
    public string KindName => _parts[0];

    /// <summary>Whether part <paramref name="index"/> is written.</summary>
    public bool Has(int index) => index < _parts.Length;

    /// <summary>Part <paramref name="index"/> as a whole number.</summary>
    /// <exception cref="FormatException">It is missing or not a whole number.</exception>
    public int Int(int index) => Has(index) && int.TryParse(_parts[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
        ? v
        : throw new FormatException($"layer '{Text}': part {index + 1} must be a whole number ({LayerCatalog.TokenSyntax})");

    /// <summary>Part <paramref name="index"/> as a whole number, or <paramref name="absent"/> when not written.</summary>
    public int Int(int index, int absent) => Has(index) ? Int(index) : absent;

    /// <summary>Part <paramref name="index"/> as a number, or <paramref name="absent"/> when not written.</summary>
    public float Float(int index, float absent) => Has(index) ? float.Parse(_parts[index], NumberStyles.Float, CultureInfo.InvariantCulture) : absent;

    /// <summary>Part <paramref name="index"/> as a layer name: the <c>state_dict</c> prefix of its tensors.</summary>
    public string Name(int index) => Has(index) && _parts[index].Length > 0
        ? _parts[index]
        : throw new FormatException($"layer '{Text}' needs a name: the state_dict prefix of its tensors, e.g. conv1 ({LayerCatalog.TokenSyntax})");
}
