using static UnIT.Model.Catalog.ConstructionText;

namespace UnIT.Model.Catalog;

/// <summary><c>[Flatten]</c>.</summary>
internal sealed class FlattenEntry() : LayerEntry("Flatten", LayerKind.Flatten)
{
    public override string TokenArguments => string.Empty;

    public override bool Writes(LayerDefinition layer) => layer is FlattenLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) => new FlattenLayer();

    public override string Write(LayerDefinition layer) => "Flatten";

    public override LayerDefinition ReadToken(LayerToken token) => new FlattenLayer();

    public override string Construction(LayerDefinition layer) => $"new {ModelNamespace}FlattenLayer()";

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check) => TensorShape.Of(check.Input.ElementCount);
}
