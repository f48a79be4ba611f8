using System.Text;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[BatchNorm(name)]</c>, folded into the conv/dense layer before it.</summary>
internal sealed class BatchNormEntry() : LayerEntry("BatchNorm", LayerKind.BatchNorm)
{
    public override bool IsNamed => true;

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
}
