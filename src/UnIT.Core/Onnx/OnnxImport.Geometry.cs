using UnIT.Model;

namespace UnIT.Onnx;

/// <summary>Reading a Conv or pool node's strides, pads and dilations into what UnIT runs.</summary>
public sealed partial class OnnxImport
{
    /// <summary>Strides, pads and dilations per spatial axis; sets <see cref="Unsupported"/> and returns null when UnIT cannot run them.</summary>
    private (int[] Stride, int[] Padding, int[] Dilation)? Geometry(OnnxNode node, string where, int spatial, bool allowPadding)
    {
        var autoPad = node.Text("auto_pad") ?? "NOTSET";
        if (autoPad is not ("NOTSET" or "VALID"))
        {
            Unsupported = $"node {where} pads automatically (auto_pad = {autoPad}); export with explicit padding (PyTorch does)";
            return null;
        }

        var strides = Axes(node.Ints("strides"), spatial, 1);
        var dilations = Axes(node.Ints("dilations"), spatial, 1);
        var pads = node.Ints("pads");
        var padding = new int[spatial];
        if (pads is not null)
        {
            if (pads.Count != 2 * spatial || pads.Any(p => p < 0 || p > NetworkLimits.MaxExtent))
            {
                Unsupported = $"node {where} has pads ({string.Join(", ", pads)}) that do not match its {spatial} spatial axes";
                return null;
            }

            for (var a = 0; a < spatial; a++)
            {
                if (pads[a] != pads[a + spatial])
                {
                    Unsupported = $"node {where} pads axis {a} by {pads[a]} before and {pads[a + spatial]} after; UnIT pads both sides alike";
                    return null;
                }

                padding[a] = (int)pads[a];
            }
        }

        if (!allowPadding && padding.Any(p => p != 0))
        {
            Unsupported = $"node {where} pads its input ({string.Join(", ", padding)}); UnIT's pooling layers do not pad";
            return null;
        }

        if (strides is null || dilations is null || (!allowPadding && dilations.Any(d => d != 1)))
        {
            Unsupported = $"node {where} has strides or dilations UnIT cannot run (they must be {spatial} values from 1 to {NetworkLimits.MaxExtent}; pools have dilation 1)";
            return null;
        }

        return (strides, padding, dilations);
    }

    private static int[]? Axes(IReadOnlyList<long>? values, int spatial, int fallback)
    {
        if (values is null)
        {
            return Enumerable.Repeat(fallback, spatial).ToArray();
        }

        return values.Count == spatial && values.All(v => v is >= 1 and <= NetworkLimits.MaxExtent) ? values.Select(v => (int)v).ToArray() : null;
    }
}
