using System.Text;
using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[MaxPool2d(k)]</c>, <c>[MaxPool1d(k)]</c>, <c>[AvgPool2d(k)]</c>, each with an optional <c>Stride</c> (default: the window).</summary>
internal sealed class PoolingEntry(LayerKind kind) : LayerEntry(kind.ToString(), kind)
{
    public override string TokenArguments => ":K";

    public override bool Writes(LayerDefinition layer) => layer is PoolingLayer pool && pool.PoolKind == Kind;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem)
    {
        var window = args.ConstructorInt(0);

        // The stride is the window when not written, otherwise as written (the validation refuses 0 or less).
        int? stride = args.Has("Stride") ? args.Int("Stride", 0) : null;
        return Create(window, stride);
    }

    public override string Write(LayerDefinition layer)
    {
        var pool = (PoolingLayer)layer;
        var kernel = pool.SpatialDimensions == 1 ? pool.KernelWidth : pool.KernelHeight;
        var stride = pool.SpatialDimensions == 1 ? pool.StrideWidth : pool.StrideHeight;
        if (pool.SpatialDimensions == 2 && (pool.KernelHeight != pool.KernelWidth || pool.StrideHeight != pool.StrideWidth))
        {
            throw new NotSupportedException($"A {pool.Kind} with a {pool.KernelHeight}x{pool.KernelWidth} window and stride {pool.StrideHeight}x{pool.StrideWidth} has no attribute form (the attributes take square windows).");
        }

        var text = new StringBuilder(AttributeName).Append('(').Append(Int(kernel));
        Named(text, "Stride", stride, kernel);
        return text.Append(')').ToString();
    }

    public override LayerDefinition ReadToken(LayerToken token) => Create(token.Int(1), null);

    public override string Construction(LayerDefinition layer)
    {
        var p = (PoolingLayer)layer;
        var sizes = string.Join(", ", new[] { p.KernelHeight, p.KernelWidth, p.StrideHeight, p.StrideWidth }.Select(CSharpLiterals.Int));
        return $"new {ModelNamespace}PoolingLayer({ModelNamespace}LayerKind.{p.PoolKind}, {sizes})";
    }

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check)
    {
        var pool = (PoolingLayer)layer;
        var input = check.Input;
        check.RequireSpatialInput(pool.Kind, pool.SpatialDimensions);
        var (height, width) = pool.SpatialDimensions == 2 ? (input[1], input[2]) : (1, input[1]);
        var outHeight = NetworkShapes.OutputLength(height, pool.KernelHeight, pool.StrideHeight, 0, 1);
        var outWidth = NetworkShapes.OutputLength(width, pool.KernelWidth, pool.StrideWidth, 0, 1);
        if (outHeight < 1 || outWidth < 1 || pool.KernelHeight > height || pool.KernelWidth > width)
        {
            throw check.Fail($"the pooling window {pool.KernelHeight}x{pool.KernelWidth} does not fit the input [{input}]; use a smaller window");
        }

        return pool.SpatialDimensions == 2 ? TensorShape.Of(input[0], outHeight, outWidth) : TensorShape.Of(input[0], outWidth);
    }

    private PoolingLayer Create(int window, int? stride) => Kind switch
    {
        LayerKind.MaxPool1d => PoolingLayer.MaxPool1d(window, stride),
        LayerKind.AvgPool2d => PoolingLayer.AvgPool2d(window, stride),
        _ => PoolingLayer.MaxPool2d(window, stride),
    };
}
