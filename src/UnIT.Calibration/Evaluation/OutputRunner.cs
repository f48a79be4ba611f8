using UnIT.Interpreter;
using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Calibration.Evaluation;

/// <summary>
/// Computes what a reference interpreter outputs, bit for bit, without counting events: the path of every
/// evaluation run that is not priced, which is most of a calibration on a large data set. Conv/dense layers run as
/// <see cref="CompiledMacLayer"/>; ReLU, pooling and flatten are the interpreter's loops (docs/semantics.md). Events
/// are still counted by the reference interpreter itself (<see cref="SegmentRunner"/> prices with it), and a test
/// checks this runner against it on every layer kind, format and division.
/// </summary>
internal sealed class OutputRunner
{
    private readonly PreparedNetwork _network;
    private readonly NumberFormat _format;
    private readonly CompiledMacLayer?[] _macLayers;

    /// <summary>Computes what <paramref name="interpreter"/> computes (its network, format and kernels' skipping).</summary>
    public OutputRunner(ReferenceInterpreter interpreter)
    {
        _network = interpreter.Network;
        _format = interpreter.Format;
        var implementations = interpreter.Implementations;
        _macLayers = _network.Layers
            .Select((layer, i) => layer is PreparedMacLayer mac ? new CompiledMacLayer(mac, _format, implementations[i] != KernelImplementation.Dense) : null)
            .ToArray();
    }

    /// <summary>The network's outputs for <paramref name="input"/> (already checked to be finite and of the input's size).</summary>
    public float[] Run(ReadOnlySpan<float> input) => _format == NumberFormat.Q15 ? RunQ15(input) : RunFloat32(input);

    private float[] RunFloat32(ReadOnlySpan<float> input)
    {
        var current = input.ToArray();
        for (var i = 0; i < _network.Layers.Count; i++)
        {
            var layer = _network.Layers[i];
            if (layer is PreparedFlattenLayer)
            {
                continue; // the same values in the same order
            }

            var next = new float[layer.OutputShape.ElementCount];
            switch (layer)
            {
                case PreparedMacLayer:
                    _macLayers[i]!.RunFloat32(current, next);
                    break;
                case PreparedReluLayer relu:
                    Float32Layers.Relu(relu, current, next);
                    break;
                case PreparedPoolLayer pool:
                    Float32Layers.Pool(pool, current, next);
                    break;
                default:
                    throw new NotSupportedException($"Layer '{layer.Label}' ({layer.Kind}) has no output path; the reference interpreter knows it.");
            }

            current = next;
        }

        return current;
    }

    private float[] RunQ15(ReadOnlySpan<float> input)
    {
        var current = new short[input.Length];
        for (var j = 0; j < input.Length; j++)
        {
            current[j] = Q15.Quantize(input[j], _network.InputScale);
        }

        for (var i = 0; i < _network.Layers.Count; i++)
        {
            var layer = _network.Layers[i];
            if (layer is PreparedFlattenLayer)
            {
                continue;
            }

            var next = new short[layer.OutputShape.ElementCount];
            switch (layer)
            {
                case PreparedMacLayer:
                    _macLayers[i]!.RunQ15(current, next);
                    break;
                case PreparedReluLayer relu:
                    Q15Layers.Relu(relu, current, next);
                    break;
                case PreparedPoolLayer pool:
                    Q15Layers.Pool(pool, current, next);
                    break;
                default:
                    throw new NotSupportedException($"Layer '{layer.Label}' ({layer.Kind}) has no output path; the reference interpreter knows it.");
            }

            current = next;
        }

        var scale = _network.Layers[^1].Quantization.OutputScale;
        var output = new float[current.Length];
        for (var j = 0; j < current.Length; j++)
        {
            output[j] = Q15.Dequantize(current[j], scale);
        }

        return output;
    }
}
