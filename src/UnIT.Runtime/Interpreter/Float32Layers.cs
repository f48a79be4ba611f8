using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Interpreter;

/// <summary>
/// The reference semantics in Float32, written for clarity: every output sums its kept products in canonical order
/// (bias first, then taps in (c, ky, kx) order, i.e. ascending input index), which is the order every generated
/// kernel reproduces, so results agree bit for bit.
/// </summary>
internal static class Float32Layers
{
    /// <summary>Evaluates a conv/dense layer; returns the candidate and kept product counts (no requantisation: no negative sums counted).</summary>
    public static (long Candidates, long Kept, long NegativeSums) RunMac(MacLayerPlan plan, float[] input, float[] output, double[] magnitudes, double[] quotients)
    {
        var layer = plan.Layer;
        var g = layer.Geometry;
        var weights = layer.Weights;
        var keys = layer.Keys;
        var bias = layer.Bias;
        for (var j = 0; j < input.Length; j++)
        {
            var magnitude = Math.Abs(input[j]);
            magnitudes[j] = magnitude;
            quotients[j] = magnitude == 0f ? 0 : Float32Quotient.Compute(layer.Division, layer.ReferenceThreshold, magnitude, layer.TableBits);
        }

        long candidates = 0, kept = 0;
        for (var o = 0; o < g.OutChannels; o++)
        {
            var taps = g.Taps(o).Where(t => layer.Weights[t.WeightIndex] != 0f).ToArray();
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
                        else if (a != 0 && UnitRule.Keeps(keys[tap.WeightIndex], (float)quotients[j]))
                        {
                            sum += a * w;
                            kept++;
                        }
                    }

                    output[g.OutputIndex(o, oy, ox)] = sum;
                }
            }
        }

        return (candidates, plan.Skips ? kept : candidates, 0);
    }

    /// <summary><c>y = x &gt; θ ? x : 0</c>.</summary>
    public static void Relu(PreparedReluLayer layer, float[] input, float[] output)
    {
        var theta = layer.Threshold;
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = input[i] > theta ? input[i] : 0f;
        }
    }

    /// <summary>Max pooling (first element, then strictly larger ones) or average pooling (sum · (1/n)).</summary>
    public static void Pool(PreparedPoolLayer layer, float[] input, float[] output)
    {
        var p = layer.Definition;
        var inverse = 1f / layer.WindowSize;
        for (var c = 0; c < layer.Channels; c++)
        {
            for (var oy = 0; oy < layer.OutHeight; oy++)
            {
                for (var ox = 0; ox < layer.OutWidth; ox++)
                {
                    var first = true;
                    var value = 0f;
                    for (var ky = 0; ky < p.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < p.KernelWidth; kx++)
                        {
                            var v = input[(((c * layer.InHeight) + (oy * p.StrideHeight) + ky) * layer.InWidth) + (ox * p.StrideWidth) + kx];
                            if (!p.IsMax)
                            {
                                value += v;
                            }
                            else if (first || v > value)
                            {
                                value = v;
                            }

                            first = false;
                        }
                    }

                    output[(((c * layer.OutHeight) + oy) * layer.OutWidth) + ox] = p.IsMax ? value : value * inverse;
                }
            }
        }
    }
}
