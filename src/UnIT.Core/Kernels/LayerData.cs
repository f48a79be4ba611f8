using UnIT.Preparation;

namespace UnIT.Kernels;

/// <summary>
/// The format-specific view of a prepared layer that kernel plans are built from: weights as doubles (exact for
/// both float and int16), keys, and the quotient and activation-threshold functions of the layer's semantics.
/// </summary>
internal readonly struct LayerData
{
    private readonly PreparedMacLayer _layer;

    public LayerData(PreparedMacLayer layer, NumberFormat format)
    {
        _layer = layer;
        Format = format;
    }

    public NumberFormat Format { get; }

    public bool IsZero(int weightIndex) =>
        Format == NumberFormat.Q15 ? _layer.QuantizedWeights[weightIndex] == 0 : _layer.Weights[weightIndex] == 0f;

    /// <summary>The weight key as a double (exact for float and int keys alike, so comparisons agree).</summary>
    public double Key(int weightIndex) =>
        Format == NumberFormat.Q15 ? _layer.QuantizedKeys[weightIndex] : _layer.Keys[weightIndex];

    /// <summary>The quotient for an activation magnitude given as a double (a float or an int16 magnitude).</summary>
    public double Quotient(double magnitude) =>
        Format == NumberFormat.Q15
            ? Semantics.Q15Quotient.Compute(_layer.Division, _layer.QuantizedReferenceThreshold, (int)magnitude, _layer.TableBits)
            : Semantics.Float32Quotient.Compute(_layer.Division, _layer.ReferenceThreshold, (float)magnitude, _layer.TableBits);
}
