namespace UnIT.Model.Catalog;

/// <summary><c>[Flatten]</c>.</summary>
internal sealed class FlattenEntry() : LayerEntry("Flatten", LayerKind.Flatten)
{
    public override bool Writes(LayerDefinition layer) => layer is FlattenLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) => new FlattenLayer();

    public override string Write(LayerDefinition layer) => "Flatten";
}
