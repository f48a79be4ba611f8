using System.Globalization;
using UnIT.Model;

namespace UnIT.Onnx;

/// <summary>Where a declaration and an ONNX graph first disagree: the declared layer (null for the network or past its end) and what differs.</summary>
public sealed record OnnxDisagreement(int? LayerIndex, string Message);

/// <summary>
/// Compares a network's attribute declaration with the ONNX graph its weight file holds, layer by layer, so a
/// declaration that computes something other than the exported model fails the build instead of running wrong. Compared:
/// input shape, layer kinds and order, names (they select the tensors), channels and features, kernel, stride, padding,
/// dilation, BatchNorm epsilon. Not compared: what only UnIT has (thresholds, kernel choices, ranges).
/// </summary>
public static class OnnxGraphCheck
{
    /// <summary>The first disagreement, or null when the declaration matches the graph.</summary>
    public static OnnxDisagreement? FirstDisagreement(NetworkDefinition definition, OnnxImport onnx, string fileName)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (onnx is null)
        {
            throw new ArgumentNullException(nameof(onnx));
        }

        var fix = $"make the attributes match the exported model (`unit declare {fileName}` prints a declaration that does), or export the model again";
        string Message(int? index, string what) =>
            $"The declaration of network '{definition.Name}' disagrees with ONNX model '{fileName}'"
            + (index is { } i ? $" at layer {i + 1} ({definition.LayerLabel(i)})" : string.Empty) + $": {what}. Fix: {fix}";

        if (onnx.InputShape is { } input && !input.Equals(definition.InputShape))
        {
            return new OnnxDisagreement(null, Message(null, $"the model's input is {input}, the attribute's Input is {definition.InputShape}"));
        }

        var declared = definition.Layers;
        var count = Math.Min(declared.Count, onnx.Layers.Count);
        for (var i = 0; i < count; i++)
        {
            var expected = Properties(onnx.Layers[i].Layer);
            var actual = Properties(declared[i]);
            for (var p = 0; p < Math.Min(expected.Count, actual.Count); p++)
            {
                if (expected[p].Name != actual[p].Name || expected[p].Value != actual[p].Value)
                {
                    var what = p == 0 || expected[p].Name != actual[p].Name
                        ? $"node {onnx.Layers[i].Node} is a {Summary(expected)}, the attribute declares a {Summary(actual)}"
                        : $"node {onnx.Layers[i].Node} has {expected[p].Name} {expected[p].Value}, the attribute {actual[p].Value}";
                    return new OnnxDisagreement(i, Message(i, what));
                }
            }
        }

        if (onnx.Unsupported is { } unsupported && declared.Count >= onnx.Layers.Count)
        {
            int? at = onnx.Layers.Count < declared.Count ? onnx.Layers.Count : null;
            return new OnnxDisagreement(at, Message(at, unsupported));
        }

        if (declared.Count > onnx.Layers.Count)
        {
            return new OnnxDisagreement(onnx.Layers.Count, Message(onnx.Layers.Count, onnx.Layers.Count == 0
                ? "the graph has no layers"
                : $"the graph ends after node {onnx.Layers[onnx.Layers.Count - 1].Node}; the declaration has {declared.Count - onnx.Layers.Count} more layer(s)"));
        }

        if (declared.Count < onnx.Layers.Count)
        {
            var next = onnx.Layers[declared.Count];
            var hint = next.Layer is BatchNormLayer ? " (declare [BatchNorm] after the layer it follows; UnIT folds it at build time)" : string.Empty;
            return new OnnxDisagreement(null, Message(null,
                $"the declaration ends after {declared.Count} layer(s), but the graph continues with node {next.Node}, a {Summary(Properties(next.Layer))}{hint}"));
        }

        return null;
    }

    /// <summary>A layer as (property, value) pairs, kind first, in the order a message should name them.</summary>
    private static List<(string Name, string Value)> Properties(LayerDefinition layer)
    {
        var properties = new List<(string, string)> { ("kind", layer.Kind.ToString()) };
        switch (layer)
        {
            case ConvolutionLayer conv:
                properties.Add(("name", $"'{conv.Name}'"));
                properties.Add(("output channels", Int(conv.OutChannels)));
                properties.Add(("kernel", Pair(conv.KernelHeight, conv.KernelWidth)));
                properties.Add(("stride", Pair(conv.StrideHeight, conv.StrideWidth)));
                properties.Add(("padding", Pair(conv.PaddingHeight, conv.PaddingWidth)));
                properties.Add(("dilation", Pair(conv.DilationHeight, conv.DilationWidth)));
                break;
            case DenseLayer dense:
                properties.Add(("name", $"'{dense.Name}'"));
                properties.Add(("output features", Int(dense.OutFeatures)));
                break;
            case PoolingLayer pool:
                properties.Add(("kernel", Pair(pool.KernelHeight, pool.KernelWidth)));
                properties.Add(("stride", Pair(pool.StrideHeight, pool.StrideWidth)));
                break;
            case BatchNormLayer norm:
                properties.Add(("name", $"'{norm.Name}'"));
                properties.Add(("epsilon", norm.Epsilon.ToString("R", CultureInfo.InvariantCulture)));
                break;
        }

        return properties;
    }

    private static string Summary(List<(string Name, string Value)> properties) =>
        properties[0].Value + (properties.Count > 1 ? " (" + string.Join(", ", properties.Skip(1).Select(p => $"{p.Name} {p.Value}")) + ")" : string.Empty);

    private static string Pair(int height, int width) => height == 1 && width != 1 ? Int(width) : $"{Int(height)}x{Int(width)}";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
