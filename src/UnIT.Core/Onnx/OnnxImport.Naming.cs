using System.Globalization;

namespace UnIT.Onnx;

/// <summary>Naming the imported layers (the class summary gives the order of preference).</summary>
public sealed partial class OnnxImport
{
    /// <summary>The layer name: weight initializer, bias initializer, node scope, or kind and ordinal (class summary).</summary>
    private string LayerName(OnnxNode node, string weightName, string? biasName, string kind, OnnxNode? biasNode = null)
    {
        var name = Prefix(weightName, "weight") ?? (biasName is null ? null : Prefix(biasName, "bias"))
                   ?? Scope(node.Name) ?? (biasNode is null ? null : Scope(biasNode.Name));
        if (name is null || !_usedNames.Add(name))
        {
            var ordinal = _layers.Count(l => l.Layer.TensorPrefix is not null) + 1;
            name = kind + ordinal.ToString(CultureInfo.InvariantCulture);
            while (!_usedNames.Add(name))
            {
                name += "_";
            }
        }

        return name;
    }

    /// <summary><c>conv1.weight</c> or <c>fc2_weight</c> gives <c>conv1</c> / <c>fc2</c>; an anonymous <c>onnx::Conv_20</c> gives null.</summary>
    private static string? Prefix(string tensorName, string suffix)
    {
        foreach (var separator in new[] { '.', '_' })
        {
            var end = separator + suffix;
            if (tensorName.Length > end.Length && tensorName.EndsWith(end, StringComparison.Ordinal) && !tensorName.Contains("::"))
            {
                return tensorName.Substring(0, tensorName.Length - end.Length);
            }
        }

        return null;
    }

    /// <summary>PyTorch's node scope: <c>/conv2/Conv</c> gives <c>conv2</c>, <c>/features/features.0/Conv</c> gives <c>features.0</c>.</summary>
    private static string? Scope(string nodeName)
    {
        var parts = nodeName.Split(['/'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[parts.Length - 2].All(c => char.IsLetterOrDigit(c) || c is '.' or '_') ? parts[parts.Length - 2] : null;
    }
}
