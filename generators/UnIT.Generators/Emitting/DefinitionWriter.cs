using UnIT.Model;

namespace UnIT.Generators.Emitting;

/// <summary>Writes a C# expression that rebuilds a <see cref="NetworkDefinition"/> at run time, value for value.</summary>
internal static class DefinitionWriter
{
    private const string Model = "global::UnIT.Model.";

    public static string Expression(NetworkDefinition definition)
    {
        var options = definition.Options;
        var layers = string.Join(", ", definition.Layers.Select(Layer));
        return $"new {Model}NetworkDefinition({Literals.String(definition.Name)}, {Model}TensorShape.Of({string.Join(", ", definition.InputShape.Dimensions.Select(Literals.Int))}), "
            + $"global::UnIT.Collections.ImmutableEquatableArray.Create(new {Model}LayerDefinition[] {{ {layers} }}), "
            + $"new {Model}NetworkOptions {{ Format = global::UnIT.NumberFormat.{options.Format}, Profile = global::UnIT.TargetProfile.{options.Profile}, "
            + $"Division = global::UnIT.DivisionApproximation.{options.Division}, DefaultThreshold = {Literals.Float(options.DefaultThreshold)}, "
            + $"InputRange = {Nullable(options.InputRange)}, {Normalization(options)}ReciprocalTableBits = {Literals.Int(options.ReciprocalTableBits)} }})";
    }

    /// <summary>Written only when declared, so networks without it keep their generated text.</summary>
    private static string Normalization(NetworkOptions options)
    {
        return options.FoldsInputNormalization
            ? $"InputMean = {Literals.Float(options.InputMean)}, InputStandardDeviation = {Literals.Float(options.InputStandardDeviation)}, "
            : string.Empty;
    }

    private static string Layer(LayerDefinition layer) => layer switch
    {
        ConvolutionLayer c => $"new {Model}ConvolutionLayer({Literals.String(c.Name)}, {c.SpatialDimensions}, {c.OutChannels}, {c.KernelHeight}, {c.KernelWidth}, "
            + $"{c.StrideHeight}, {c.StrideWidth}, {c.PaddingHeight}, {c.PaddingWidth}, {c.DilationHeight}, {c.DilationWidth}, {Pruning(c.Pruning)}) {{ HasBias = {Bool(c.HasBias)}{(c.Groups == 1 ? string.Empty : $", Groups = {c.Groups}")} }}",
        DenseLayer d => $"new {Model}DenseLayer({Literals.String(d.Name)}, {d.OutFeatures}, {Pruning(d.Pruning)}) {{ HasBias = {Bool(d.HasBias)} }}",
        PoolingLayer p => $"new {Model}PoolingLayer({Model}LayerKind.{p.PoolKind}, {p.KernelHeight}, {p.KernelWidth}, {p.StrideHeight}, {p.StrideWidth})",
        ReluLayer r => $"new {Model}ReluLayer({Literals.Float(r.ActivationThreshold)})",
        FlattenLayer => $"new {Model}FlattenLayer()",
        BatchNormLayer b => $"new {Model}BatchNormLayer({Literals.String(b.Name)}, {Literals.Float(b.Epsilon)})",
        _ => throw new ArgumentException($"Unknown layer {layer.GetType().Name}.", nameof(layer)),
    };

    private static string Pruning(PruningSettings p) =>
        $"new {Model}PruningSettings({Nullable(p.Threshold)}, {p.GroupSize}, "
        + $"global::UnIT.Collections.ImmutableEquatableArray.Create(new float[] {{ {string.Join(", ", p.GroupThresholds.Select(Literals.Float))} }}), "
        + $"global::UnIT.KernelImplementation.{p.Implementation}, {Nullable(p.OutputRange)})";

    private static string Nullable(float? value) => value is { } v ? Literals.Float(v) : "null";

    private static string Bool(bool value) => value ? "true" : "false";
}
