using UnIT.Model;

namespace UnIT.Training.Layers;

/// <summary>Per-sample sizes of a pooling layer, with 1-D pools as height 1.</summary>
internal sealed record PoolGeometry(int Channels, int InHeight, int InWidth, int OutHeight, int OutWidth)
{
    public int InputCount => Channels * InHeight * InWidth;

    public int OutputCount => Channels * OutHeight * OutWidth;

    /// <summary>From the shapes that <see cref="NetworkShapes.Infer"/> gave the layer.</summary>
    public static PoolGeometry From(LayerShapes shapes) =>
        shapes.Input.Rank == 3
            ? new(shapes.Input[0], shapes.Input[1], shapes.Input[2], shapes.Output[1], shapes.Output[2])
            : new(shapes.Input[0], 1, shapes.Input[1], 1, shapes.Output[1]);
}
