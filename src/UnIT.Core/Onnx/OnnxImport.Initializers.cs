using UnIT.NumPy;

namespace UnIT.Onnx;

/// <summary>Reading a node's weights from the graph's initializers, and keeping them under UnIT's tensor names.</summary>
public sealed partial class OnnxImport
{
    /// <summary>The float initializer a node reads as input <paramref name="index"/>; a weight that is not in the file is an error.</summary>
    private OnnxTensor Weight(OnnxNode node, int index, string where)
    {
        if (index >= node.Inputs.Count || node.Inputs[index].Length == 0)
        {
            throw new NumPyFormatException(_fileName, null, $"node {where} has no input {index + 1} (its weight)",
                "export the model again with torch.onnx.export; the graph is incomplete");
        }

        return Constant(node.Inputs[index], where);
    }

    private OnnxTensor? OptionalTensor(OnnxNode node, int index, string where) =>
        index < node.Inputs.Count && node.Inputs[index].Length > 0 ? Constant(node.Inputs[index], where) : null;

    private OnnxTensor Constant(string name, string where)
    {
        if (_constants.TryGetValue(name, out var tensor) && tensor.Floats is not null)
        {
            return tensor;
        }

        if (tensor is not null)
        {
            throw new NumPyFormatException(_fileName, name, $"node {where} reads a {tensor.DataType} tensor as a weight; UnIT reads float32 weights",
                "export float32 weights: call model.float() before torch.onnx.export", kind: NumPyProblemKind.UnsupportedDType);
        }

        throw new NumPyFormatException(_fileName, name,
            $"node {where} reads '{name}' as a weight, but it is not an initializer (it is a graph input or computed by another node): the file does not hold this weight",
            "export with the weights in the file: torch.onnx.export(..., export_params=True) (the default), and keep the model's parameters constant",
            kind: NumPyProblemKind.MissingTensor);
    }

    private void RequireRank(OnnxTensor tensor, int rank, string where)
    {
        if (tensor.Dims.Count != rank)
        {
            throw new NumPyFormatException(_fileName, tensor.Name,
                $"node {where} reads a weight of {tensor.Dims.Count} dimensions ({string.Join(", ", tensor.Dims)}), not {rank}",
                "export a torch.nn.Linear, whose weight is 2-D");
        }
    }

    private void AddTensor(OnnxTensor source, string name, float[] values, int[] shape)
    {
        _mappedInitializers.Add(source.Name);
        _tensors.RemoveAll(t => t.Name == name);
        _tensors.Add(NumPyArray.FromSingles(name, values, shape));
    }
}
