using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[ReLU]</c> or <c>[ReLU(ActivationThreshold = θ)]</c>.</summary>
internal sealed class ReluEntry() : LayerEntry("ReLU", LayerKind.ReLU)
{
    public override bool Writes(LayerDefinition layer) => layer is ReluLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) => new ReluLayer(args.Float("ActivationThreshold") ?? 0f);

    public override string Write(LayerDefinition layer)
    {
        var theta = ((ReluLayer)layer).ActivationThreshold;
        return theta == 0f ? "ReLU" : "ReLU(ActivationThreshold = " + Float(theta) + ")";
    }
}
