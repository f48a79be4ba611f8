using System.Text;
using UnIT.Text;

namespace UnIT.Model.Catalog;

/// <summary>Spelling attribute arguments as C#: only what differs from the attribute's default is written.</summary>
public static class AttributeText
{
    /// <summary>An int literal.</summary>
    public static string Int(int value) => CSharpLiterals.Int(value);

    /// <summary>A float literal that reads back as the same float.</summary>
    public static string Float(float value) => CSharpLiterals.Float(value);

    /// <summary>A string literal.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary><c>, Name = value</c> unless the value is the attribute's default.</summary>
    public static void Named(StringBuilder text, string name, int value, int unset)
    {
        if (value != unset)
        {
            text.Append(", ").Append(name).Append(" = ").Append(Int(value));
        }
    }

    /// <summary>One argument for both axes when they agree, else the <c>Height</c>/<c>Width</c> pair.</summary>
    public static void Pair(StringBuilder text, string name, int height, int width, int unset)
    {
        if (height == width)
        {
            Named(text, name, width, unset);
        }
        else
        {
            text.Append(", ").Append(name).Append("Height = ").Append(Int(height)).Append(", ").Append(name).Append("Width = ").Append(Int(width));
        }
    }

    /// <summary>The pruning settings and <c>Bias = false</c> of a conv/dense attribute.</summary>
    public static void Pruning(StringBuilder text, PrunableLayer layer)
    {
        var pruning = layer.Pruning;
        if (pruning.Threshold is { } threshold)
        {
            text.Append(", Threshold = ").Append(Float(threshold));
        }

        Named(text, "GroupSize", pruning.GroupSize, 0);
        if (pruning.GroupThresholds.Count > 0)
        {
            text.Append(", GroupThresholds = new[] { ").Append(string.Join(", ", pruning.GroupThresholds.Select(Float))).Append(" }");
        }

        if (pruning.Implementation != KernelImplementation.Auto)
        {
            text.Append(", Implementation = KernelImplementation.").Append(pruning.Implementation);
        }

        if (pruning.OutputRange is { } range)
        {
            text.Append(", OutputRange = ").Append(Float(range));
        }

        if (!layer.HasBias)
        {
            text.Append(", Bias = false");
        }
    }

    /// <summary>The pruning settings a conv/dense attribute declares.</summary>
    public static PruningSettings ReadPruning(ILayerArguments args) => new(
        args.Has("Threshold") ? args.Float("Threshold") : null,
        args.Int("GroupSize", 0),
        args.Floats("GroupThresholds"),
        (KernelImplementation)args.Int("Implementation", 0),
        args.Has("OutputRange") ? args.Float("OutputRange") : null);
}
