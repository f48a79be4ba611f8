using System.Text;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[Dense(name, out, ...)]</c>: a fully connected layer.</summary>
internal sealed class DenseEntry() : LayerEntry("Dense", LayerKind.Dense)
{
    public override bool IsPrunable => true;

    public override bool IsNamed => true;

    public override bool Writes(LayerDefinition layer) => layer is DenseLayer;

    public override LayerDefinition Read(ILayerArguments args, Action<string> problem) =>
        new DenseLayer(args.ConstructorString(0), args.ConstructorInt(1), ReadPruning(args)) { HasBias = args.Bool("Bias", true) };

    public override string Write(LayerDefinition layer)
    {
        var dense = (DenseLayer)layer;
        var text = new StringBuilder("Dense(").Append(Quote(dense.Name)).Append(", ").Append(Int(dense.OutFeatures));
        Pruning(text, dense);
        return text.Append(')').ToString();
    }
}
