using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Interpreter;

/// <summary>
/// The reference semantics in Q15: int16 activations and weights, exact 64-bit accumulators, requantisation with
/// round-half-up shifts and symmetric saturation (<see cref="Q15"/>). Integer sums do not depend on order.
/// </summary>
internal static class Q15Layers
{
    /// <summary>Evaluates a conv/dense layer; returns the candidate and kept product counts and the negative sums.</summary>
    public static (long Candidates, long Kept, long NegativeSums) RunMac(MacLayerPlan plan, short[] input, short[] output, double[] magnitudes, double[] quotients)
    {
        var layer = plan.Layer;
        var g = layer.Geometry;
        var weights = layer.QuantizedWeights;
        var keys = layer.QuantizedKeys;
        var bias = layer.QuantizedBias;
        var integerQuotients = new int[input.Length];
        for (var j = 0; j < input.Length; j++)
        {
            var magnitude = Math.Abs((int)input[j]);
            magnitudes[j] = magnitude;
            integerQuotients[j] = magnitude == 0 ? 0 : Q15Quotient.Compute(layer.Division, layer.QuantizedReferenceThreshold, magnitude, layer.TableBits);
            quotients[j] = integerQuotients[j];
        }

        long candidates = 0, kept = 0, negativeSums = 0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            var taps = g.Taps(o).Where(t => layer.QuantizedWeights[t.WeightIndex] != 0).ToArray();
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var sum = bias[o];
                    foreach (var tap in taps)
                    {
                        if (!g.TryRead(tap, oy, ox, out var j))
                        {
                            continue;
                        }

                        candidates++;
                        var a = input[j];
                        var w = weights[tap.WeightIndex];
                        if (!plan.Skips)
                        {
                            sum += a * w;
                        }
                        else if (a != 0 && UnitRule.Keeps(keys[tap.WeightIndex], integerQuotients[j]))
                        {
                            sum += a * w;
                            kept++;
                        }
                    }

                    output[g.OutputIndex(o, oy, ox)] = Q15.Requantize(sum, layer.RequantizeShift);
                    negativeSums += sum < 0 ? 1 : 0;
                }
            }
        }

        return (candidates, plan.Skips ? kept : candidates, negativeSums);
    }

    /// <summary><c>y = x_q &gt; θ_q ? x_q : 0</c>.</summary>
    public static void Relu(PreparedReluLayer layer, short[] input, short[] output)
    {
        var theta = layer.QuantizedThreshold;
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = input[i] > theta ? input[i] : (short)0;
        }
    }

    /// <summary>Max pooling, or average pooling with a rounded mean (<see cref="Q15.Average"/>).</summary>
    public static void Pool(PreparedPoolLayer layer, short[] input, short[] output)
    {
        var p = layer.Definition;
        for (var c = 0; c < layer.Channels; c++)
        {
            for (var oy = 0; oy < layer.OutHeight; oy++)
            {
                for (var ox = 0; ox < layer.OutWidth; ox++)
                {
                    long sum = 0;
                    var max = short.MinValue;
                    for (var ky = 0; ky < p.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < p.KernelWidth; kx++)
                        {
                            var v = input[(((c * layer.InHeight) + (oy * p.StrideHeight) + ky) * layer.InWidth) + (ox * p.StrideWidth) + kx];
                            sum += v;
                            max = Math.Max(max, v);
                        }
                    }

                    output[(((c * layer.OutHeight) + oy) * layer.OutWidth) + ox] = p.IsMax ? max : Q15.Average(sum, layer.WindowSize);
                }
            }
        }
    }
}
