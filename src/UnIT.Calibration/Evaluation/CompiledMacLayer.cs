using UnIT.Model;
using UnIT.Preparation;
using UnIT.Semantics;

namespace UnIT.Calibration.Evaluation;

/// <summary>
/// A conv/dense layer laid out for computing its outputs fast, with exactly the reference interpreter's arithmetic
/// (docs/semantics.md): per output channel, the taps of its non-zero weights in canonical order with their weights,
/// keys and input offsets flattened into arrays, so a window that lies inside the input reads every tap at
/// <c>offset + origin</c> without a bounds test. The interpreter enumerates the taps and tests every read instead,
/// which is clear but about half of a calibration's time. Sums run in the interpreter's order (bias, then taps in
/// canonical order, border taps outside the input left out), so Float32 results agree bit for bit; Q15 sums are exact.
/// </summary>
internal sealed class CompiledMacLayer
{
    private readonly ConvGeometry _geometry;
    private readonly PreparedMacLayer _layer;
    private readonly int[] _firstTap;
    private readonly int[] _inputOffsets;
    private readonly int[] _rowOffsets;
    private readonly int[] _columnOffsets;
    private readonly float[] _weights;
    private readonly float[] _keys;
    private readonly short[] _quantizedWeights;
    private readonly int[] _quantizedKeys;
    private readonly (int Y0, int Y1, int X0, int X1) _interior;

    /// <summary>Lays out <paramref name="layer"/>; <paramref name="skips"/> says whether its kernel honours the threshold (every kernel but Dense).</summary>
    public CompiledMacLayer(PreparedMacLayer layer, NumberFormat format, bool skips)
    {
        _layer = layer;
        _geometry = layer.Geometry;
        Skips = skips;
        var g = _geometry;
        var taps = new List<ConvTap>();
        _firstTap = new int[g.OutChannels + 1];
        for (var o = 0; o < g.OutChannels; o++)
        {
            _firstTap[o] = taps.Count;
            foreach (var tap in g.Taps(o))
            {
                // The interpreter leaves out the zero weights of its format (a weight can round to 0 in Q15 only).
                var nonZero = format == NumberFormat.Q15 ? layer.QuantizedWeights[tap.WeightIndex] != 0 : layer.Weights[tap.WeightIndex] != 0f;
                if (nonZero)
                {
                    taps.Add(tap);
                }
            }
        }

        _firstTap[g.OutChannels] = taps.Count;
        _inputOffsets = taps.Select(t => t.InputOffset).ToArray();
        _rowOffsets = taps.Select(t => t.RowOffset).ToArray();
        _columnOffsets = taps.Select(t => t.ColumnOffset).ToArray();
        _weights = taps.Select(t => layer.Weights[t.WeightIndex]).ToArray();
        _keys = taps.Select(t => layer.Keys[t.WeightIndex]).ToArray();
        _quantizedWeights = taps.Select(t => layer.QuantizedWeights[t.WeightIndex]).ToArray();
        _quantizedKeys = taps.Select(t => layer.QuantizedKeys[t.WeightIndex]).ToArray();
        _interior = g.InteriorOutputs;
    }

    /// <summary>Whether the threshold is honoured.</summary>
    public bool Skips { get; }

    /// <summary>The layer's outputs in Float32 (as <c>Float32Layers.RunMac</c> of the interpreter computes them).</summary>
    public void RunFloat32(float[] input, float[] output)
    {
        var layer = _layer;
        var quotients = new float[input.Length];
        for (var j = 0; j < input.Length; j++)
        {
            var magnitude = Math.Abs(input[j]);
            quotients[j] = magnitude == 0f ? 0 : Float32Quotient.Compute(layer.Division, layer.ReferenceThreshold, magnitude, layer.TableBits);
        }

        var g = _geometry;
        var bias = layer.Bias;
        for (var o = 0; o < g.OutChannels; o++)
        {
            var first = _firstTap[o];
            var end = _firstTap[o + 1];
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var (row, column) = g.WindowOrigin(oy, ox);
                    var origin = (row * g.InWidth) + column;
                    var inside = IsInterior(oy, ox);
                    var sum = bias[o];
                    for (var t = first; t < end; t++)
                    {
                        if (!inside && !Reads(t, row, column))
                        {
                            continue;
                        }

                        var j = _inputOffsets[t] + origin;
                        sum += Skips ? Kept(input[j], _weights[t], _keys[t], quotients[j]) : input[j] * _weights[t];
                    }

                    output[g.OutputIndex(o, oy, ox)] = sum;
                }
            }
        }
    }

    /// <summary>The layer's outputs in Q15 (as <c>Q15Layers.RunMac</c> of the interpreter computes them).</summary>
    public void RunQ15(short[] input, short[] output)
    {
        var layer = _layer;
        var quotients = new int[input.Length];
        for (var j = 0; j < input.Length; j++)
        {
            var magnitude = Math.Abs((int)input[j]);
            quotients[j] = magnitude == 0 ? 0 : Q15Quotient.Compute(layer.Division, layer.QuantizedReferenceThreshold, magnitude, layer.TableBits);
        }

        var g = _geometry;
        var bias = layer.QuantizedBias;
        var shift = layer.RequantizeShift;
        for (var o = 0; o < g.OutChannels; o++)
        {
            var first = _firstTap[o];
            var end = _firstTap[o + 1];
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++)
                {
                    var (row, column) = g.WindowOrigin(oy, ox);
                    var origin = (row * g.InWidth) + column;
                    var inside = IsInterior(oy, ox);
                    var sum = bias[o];
                    for (var t = first; t < end; t++)
                    {
                        if (!inside && !Reads(t, row, column))
                        {
                            continue;
                        }

                        var j = _inputOffsets[t] + origin;
                        sum += Skips ? Kept(input[j], _quantizedWeights[t], _quantizedKeys[t], quotients[j]) : input[j] * _quantizedWeights[t];
                    }

                    output[g.OutputIndex(o, oy, ox)] = Q15.Requantize(sum, shift);
                }
            }
        }
    }

    /// <summary>
    /// <c>a·w</c> when the UnIT rule keeps the product, else −0f, which adds nothing to any sum (not even to −0, as
    /// +0 would): the interpreter's <c>if (a != 0 &amp;&amp; Keeps(key, q)) sum += a·w</c> without a branch, whose
    /// outcome the data decides and the processor mispredicts about as often as it skips.
    /// </summary>
    private static float Kept(float a, float w, float key, float quotient)
    {
        var keep = (a != 0) & UnitRule.Keeps(key, quotient);
        var mask = -Convert.ToInt32(keep);
        return BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(a * w) & mask) | (~mask & unchecked((int)0x8000_0000)));
    }

    /// <summary>
    /// <c>a·w</c> when the UnIT rule keeps the product, else 0, without a branch (as the Float32 one); a zero
    /// activation gives a zero product, so it needs no test of its own in exact integer sums.
    /// </summary>
    private static int Kept(short a, short w, int key, int quotient) =>
        (int)(((long)quotient - key) >> 63) & (a * w);

    /// <summary>Whether the window of output <c>(oy, ox)</c> lies inside the input (no tap reads padding: <see cref="ConvGeometry.InteriorOutputs"/>).</summary>
    private bool IsInterior(int oy, int ox) =>
        oy >= _interior.Y0 && oy < _interior.Y1 && ox >= _interior.X0 && ox < _interior.X1;

    /// <summary>Whether tap <paramref name="t"/> of a window at origin <c>(row, column)</c> reads inside the input (as <see cref="ConvGeometry.TryRead"/>).</summary>
    private bool Reads(int t, int row, int column)
    {
        var y = row + _rowOffsets[t];
        var x = column + _columnOffsets[t];
        return y >= 0 && y < _geometry.InHeight && x >= 0 && x < _geometry.InWidth;
    }
}
