using System.Text;
using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary>
/// <c>[Conv2d(name, out, Kernel = k, Stride, Padding, Dilation, Groups, ...)]</c> (each axis settable on its own) and
/// <c>[Conv1d(name, out, Kernel = k, Stride, Padding, Dilation, ...)]</c>.
/// </summary>
internal sealed class ConvolutionEntry(int dimensions) : LayerEntry(dimensions == 1 ? "Conv1d" : "Conv2d", dimensions == 1 ? LayerKind.Conv1d : LayerKind.Conv2d)
{
    public override bool IsPrunable => true;

    public override bool IsNamed => true;

    public override string TokenArguments => dimensions == 1
        ? ":NAME:OUT:KERNEL[:STRIDE[:PADDING]]"
        : ":NAME:OUT:KERNEL[:STRIDE[:PADDING[:GROUPS]]] (GROUPS = input channels: depthwise)";

    public override bool Writes(LayerDefinition layer) => layer is ConvolutionLayer conv && conv.SpatialDimensions == dimensions;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem)
    {
        var name = args.ConstructorString(0);
        if (dimensions == 1)
        {
            if (!args.Has("Kernel"))
            {
                problem($"[Conv1d(\"{name}\", ...)] needs a kernel size: set Kernel = 5");
            }

            return ConvolutionLayer.Conv1d(name, args.ConstructorInt(1), args.Int("Kernel", 0), args.Int("Stride", 1), args.Int("Padding", 0), args.Int("Dilation", 1), ReadPruning(args))
                with { HasBias = args.Bool("Bias", true) };
        }

        // A written value is taken as written (0 or -3 included), so the validation names it instead of a default hiding it.
        int Axis(string axis, string both, int fallback) => args.Has(axis) ? args.Int(axis, fallback) : args.Int(both, fallback);
        if (!args.Has("Kernel") && !(args.Has("KernelHeight") && args.Has("KernelWidth")))
        {
            problem($"[Conv2d(\"{name}\", ...)] needs a kernel size: set Kernel = 5 (or KernelHeight and KernelWidth)");
        }

        return new ConvolutionLayer(
            name, 2, args.ConstructorInt(1), Axis("KernelHeight", "Kernel", 0), Axis("KernelWidth", "Kernel", 0),
            Axis("StrideHeight", "Stride", 1), Axis("StrideWidth", "Stride", 1),
            Axis("PaddingHeight", "Padding", 0), Axis("PaddingWidth", "Padding", 0),
            Axis("DilationHeight", "Dilation", 1), Axis("DilationWidth", "Dilation", 1),
            ReadPruning(args))
        {
            HasBias = args.Bool("Bias", true),
            Groups = args.Int("Groups", 1),
        };
    }

    public override string Write(LayerDefinition layer)
    {
        var conv = (ConvolutionLayer)layer;
        var text = new StringBuilder(AttributeName).Append('(').Append(Quote(conv.Name)).Append(", ").Append(Int(conv.OutChannels));
        if (dimensions == 1)
        {
            text.Append(", Kernel = ").Append(Int(conv.KernelWidth));
            Named(text, "Stride", conv.StrideWidth, 1);
            Named(text, "Padding", conv.PaddingWidth, 0);
            Named(text, "Dilation", conv.DilationWidth, 1);
        }
        else
        {
            if (conv.KernelHeight == conv.KernelWidth)
            {
                text.Append(", Kernel = ").Append(Int(conv.KernelWidth));
            }
            else
            {
                text.Append(", KernelHeight = ").Append(Int(conv.KernelHeight)).Append(", KernelWidth = ").Append(Int(conv.KernelWidth));
            }

            Pair(text, "Stride", conv.StrideHeight, conv.StrideWidth, 1);
            Pair(text, "Padding", conv.PaddingHeight, conv.PaddingWidth, 0);
            Pair(text, "Dilation", conv.DilationHeight, conv.DilationWidth, 1);
        }

        Named(text, "Groups", conv.Groups, 1);
        Pruning(text, conv);
        return text.Append(')').ToString();
    }

    public override LayerDefinition ReadToken(LayerToken token) => dimensions == 1
        ? ConvolutionLayer.Conv1d(token.Name(1), token.Int(2), token.Int(3), token.Int(4, 1), token.Int(5, 0))
        : ConvolutionLayer.Conv2d(token.Name(1), token.Int(2), token.Int(3), token.Int(4, 1), token.Int(5, 0)) with { Groups = token.Int(6, 1) };

    public override string Construction(LayerDefinition layer)
    {
        var c = (ConvolutionLayer)layer;
        var sizes = string.Join(", ", new[]
        {
            c.SpatialDimensions, c.OutChannels, c.KernelHeight, c.KernelWidth, c.StrideHeight, c.StrideWidth,
            c.PaddingHeight, c.PaddingWidth, c.DilationHeight, c.DilationWidth,
        }.Select(CSharpLiterals.Int));
        var groups = c.Groups == 1 ? string.Empty : ", Groups = " + CSharpLiterals.Int(c.Groups);
        return $"new {ModelNamespace}ConvolutionLayer({CSharpLiterals.String(c.Name)}, {sizes}, {Pruning(c.Pruning)}) {{ HasBias = {Bool(c.HasBias)}{groups} }}";
    }

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check)
    {
        var conv = (ConvolutionLayer)layer;
        var input = check.Input;
        check.RequireSpatialInput(conv.Kind, conv.SpatialDimensions, "; convolutions must come before Flatten");
        if (input[0] % conv.Groups != 0)
        {
            throw check.Fail($"Groups = {conv.Groups} must divide the {input[0]} input channels (a depthwise convolution sets Groups to the input channels)");
        }

        var g = NetworkShapes.Geometry(conv, input);
        if (g.OutHeight < 1 || g.OutWidth < 1)
        {
            throw check.Fail($"the input [{input}] is smaller than the dilated kernel {Extent(conv.KernelHeight, conv.DilationHeight)}x{Extent(conv.KernelWidth, conv.DilationWidth)}"
                + $" plus padding; use a smaller kernel, more padding, or remove a pooling layer before it");
        }

        check.RequireElements("output", [g.OutChannels, g.OutHeight, g.OutWidth]);
        check.RequireElements("weight tensor", [g.OutChannels, g.InChannelsPerGroup, g.KernelHeight, g.KernelWidth]);
        return conv.SpatialDimensions == 2 ? TensorShape.Of(g.OutChannels, g.OutHeight, g.OutWidth) : TensorShape.Of(g.OutChannels, g.OutWidth);
    }

    private static long Extent(int kernel, int dilation) => ((long)dilation * (kernel - 1)) + 1;
}
