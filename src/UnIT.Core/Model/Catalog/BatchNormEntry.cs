using System.Text;
using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[BatchNorm(name)]</c>, folded into the conv/dense layer before it.</summary>
internal sealed class BatchNormEntry() : LayerEntry("BatchNorm", LayerKind.BatchNorm)
{
    public override bool IsNamed => true;

    public override string TokenArguments => ":NAME";

    public override bool Writes(LayerDefinition layer) => layer is BatchNormLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) =>
        new BatchNormLayer(args.ConstructorString(0), args.Float("Epsilon") ?? 1e-5f);

    public override string Write(LayerDefinition layer)
    {
        var norm = (BatchNormLayer)layer;
        var text = new StringBuilder("BatchNorm(").Append(Quote(norm.Name));
        if (norm.Epsilon != 1e-5f)
        {
            text.Append(", Epsilon = ").Append(Float(norm.Epsilon));
        }

        return text.Append(')').ToString();
    }

    public override LayerDefinition ReadToken(LayerToken token) => new BatchNormLayer(token.Name(1));

    public override string Construction(LayerDefinition layer)
    {
        var b = (BatchNormLayer)layer;
        return $"new {ModelNamespace}BatchNormLayer({CSharpLiterals.String(b.Name)}, {CSharpLiterals.Float(b.Epsilon)})";
    }

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check)
    {
        if (check.Previous is not PrunableLayer)
        {
            throw check.Fail("BatchNorm must directly follow a Conv or Dense layer so it can be folded into it; move it right after that layer");
        }

        return check.Input;
    }
}
