using System.Text;
using UnIT.Text;
using static UnIT.Model.Catalog.ConstructionText;
using static UnIT.Model.Catalog.AttributeText;

namespace UnIT.Model.Catalog;

/// <summary><c>[Dense(name, out, ...)]</c>: a fully connected layer.</summary>
internal sealed class DenseEntry() : LayerEntry("Dense", LayerKind.Dense)
{
    public override bool IsPrunable => true;

    public override bool IsNamed => true;

    public override IReadOnlyList<string> TokenAliases => ["linear"];

    public override string TokenArguments => ":NAME:OUT";

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

    public override LayerDefinition ReadToken(LayerToken token) => new DenseLayer(token.Name(1), token.Int(2), PruningSettings.Default);

    public override string Construction(LayerDefinition layer)
    {
        var d = (DenseLayer)layer;
        return $"new {ModelNamespace}DenseLayer({CSharpLiterals.String(d.Name)}, {CSharpLiterals.Int(d.OutFeatures)}, {Pruning(d.Pruning)}) {{ HasBias = {Bool(d.HasBias)} }}";
    }

    public override TensorShape OutputShape(LayerDefinition layer, LayerShapeCheck check)
    {
        var dense = (DenseLayer)layer;
        if (check.Input.Rank != 1)
        {
            throw check.Fail($"Dense expects a flat input but receives [{check.Input}]; put a Flatten layer before it");
        }

        check.RequireElements("weight tensor", [dense.OutFeatures, check.Input.ElementCount]);
        return TensorShape.Of(dense.OutFeatures);
    }
}
