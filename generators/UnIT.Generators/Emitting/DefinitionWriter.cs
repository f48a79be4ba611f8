using UnIT.Model;
using UnIT.Model.Catalog;
using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;

namespace UnIT.Generators.Emitting;

/// <summary>Writes a C# expression that rebuilds a <see cref="NetworkDefinition"/> at run time, value for value.</summary>
internal static class DefinitionWriter
{
    public static string Expression(NetworkDefinition definition)
    {
        var options = definition.Options;
        var layers = string.Join(", ", definition.Layers.Select(Layer));
        return $"new {ModelNamespace}NetworkDefinition({CSharpLiterals.String(definition.Name)}, {ModelNamespace}TensorShape.Of({string.Join(", ", definition.InputShape.Dimensions.Select(CSharpLiterals.Int))}), "
            + $"global::UnIT.Collections.ImmutableEquatableArray.Create(new {ModelNamespace}LayerDefinition[] {{ {layers} }}), "
            + $"new {ModelNamespace}NetworkOptions {{ Format = global::UnIT.NumberFormat.{options.Format}, Profile = global::UnIT.TargetProfile.{options.Profile}, "
            + $"Division = global::UnIT.DivisionApproximation.{options.Division}, DefaultThreshold = {CSharpLiterals.Float(options.DefaultThreshold)}, "
            + $"InputRange = {FloatOrNull(options.InputRange)}, {Normalization(options)}ReciprocalTableBits = {CSharpLiterals.Int(options.ReciprocalTableBits)} }})";
    }

    /// <summary>Written only when declared, so networks without it keep their generated text.</summary>
    private static string Normalization(NetworkOptions options)
    {
        return options.FoldsInputNormalization
            ? $"InputMean = {CSharpLiterals.Float(options.InputMean)}, InputStandardDeviation = {CSharpLiterals.Float(options.InputStandardDeviation)}, "
            : string.Empty;
    }

    /// <summary>Each layer as its catalog entry spells it.</summary>
    private static string Layer(LayerDefinition layer) =>
        (LayerCatalog.Of(layer) ?? throw new ArgumentException($"Unknown layer {layer.GetType().Name}.", nameof(layer))).Construction(layer);
}
