using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[ReLU]</c> or <c>[ReLU(ActivationThreshold = θ)]</c>.</summary>
internal sealed class ReluEntry() : LayerEntry("ReLU", LayerKind.ReLU)
{
    public override string TokenArguments => "[:THETA]";

    public override bool Writes(LayerDefinition layer) => layer is ReluLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) => new ReluLayer(args.Float("ActivationThreshold") ?? 0f);

    public override string Write(LayerDefinition layer)
    {
        var theta = ((ReluLayer)layer).ActivationThreshold;
        return theta == 0f ? "ReLU" : "ReLU(ActivationThreshold = " + Float(theta) + ")";
    }

    public override LayerDefinition ReadToken(LayerToken token) => new ReluLayer(token.Float(1, 0f));

    public override string Construction(LayerDefinition layer) => $"new {ModelNamespace}ReluLayer({CSharpLiterals.Float(((ReluLayer)layer).ActivationThreshold)})";

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check) => check.Input;
}
