using UnIT.Generators.Models;
using UnIT.Text;

namespace UnIT.Generators.Emitting;

/// <summary>
/// The spelling of one layer's arithmetic in its number format, so each kernel template is written once.
/// Float32 accumulates in float (canonical order); Q15 multiplies int16 values into exact 64-bit sums.
/// </summary>
internal sealed class FormatTraits
{
    private readonly MacModel _layer;

    public FormatTraits(MacModel layer, NumberFormat format)
    {
        _layer = layer;
        IsQ15 = format == NumberFormat.Q15;
    }

    public bool IsQ15 { get; }

    /// <summary>Activation element type.</summary>
    public string Element => IsQ15 ? "short" : "float";

    /// <summary>Accumulator type.</summary>
    public string Accumulator => IsQ15 ? "long" : "float";

    /// <summary>Type of a loaded activation (int16 values widen to int so products are exact).</summary>
    public string Activation => IsQ15 ? "int" : "float";

    /// <summary>Type of keys, thresholds and quotients.</summary>
    public string KeyType => IsQ15 ? "int" : "float";

    public string WeightType => IsQ15 ? "short" : "float";

    public string Zero => IsQ15 ? "0" : "0f";

    public bool IsZero(int weightIndex) => IsQ15 ? _layer.QuantizedWeights[weightIndex] == 0 : _layer.SingleWeights[weightIndex] == 0f;

    public string Weight(int weightIndex) => IsQ15 ? CSharpLiterals.Int(_layer.QuantizedWeights[weightIndex]) : CSharpLiterals.Float(_layer.SingleWeights[weightIndex]);

    public string Bias(int channel) => IsQ15 ? CSharpLiterals.Long(_layer.QuantizedBias[channel]) : CSharpLiterals.Float(_layer.SingleBias[channel]);

    public string Key(int weightIndex) => IsQ15 ? CSharpLiterals.Int(_layer.QuantizedKeys[weightIndex]) : CSharpLiterals.Float(_layer.SingleKeys[weightIndex]);

    public string ActivationThreshold(int weightIndex) =>
        IsQ15 ? CSharpLiterals.Int(_layer.QuantizedActivationThresholds[weightIndex]) : CSharpLiterals.Float(_layer.SingleActivationThresholds[weightIndex]);

    /// <summary>|a| of a loaded activation.</summary>
    /// <remarks>Q15 uses the branch-free <c>(a ^ (a &gt;&gt; 31)) - (a &gt;&gt; 31)</c>: int16 values are never int.MinValue, and a branch per tap would cost basic blocks.</remarks>
    public string Magnitude(string activation) =>
        IsQ15 ? $"(({activation} ^ ({activation} >> 31)) - ({activation} >> 31))" : $"global::System.Math.Abs({activation})";

    /// <summary>The quotient call of the layer's division approximation.</summary>
    public string Quotient(string magnitude)
    {
        var type = IsQ15 ? "global::UnIT.Semantics.Q15Quotient" : "global::UnIT.Semantics.Float32Quotient";
        var reference = IsQ15 ? CSharpLiterals.Int(_layer.QuantizedReference) : CSharpLiterals.Float(_layer.SingleReference);
        return _layer.Division switch
        {
            DivisionApproximation.ReciprocalLut => $"{type}.ReciprocalLut({reference}, {magnitude}, {CSharpLiterals.Int(_layer.TableBits)})",
            _ => $"{type}.{_layer.Division}({reference}, {magnitude})",
        };
    }

    /// <summary>Stores a sum; Q15 requantises it and counts a negative one in the kernel's <c>negative</c> counter.</summary>
    public string Store(string target, string sum) =>
        IsQ15 ? $"{target} = global::UnIT.Semantics.Q15.Requantize({sum}, {CSharpLiterals.Int(_layer.RequantizeShift)}, ref negative);" : $"{target} = {sum};";
}
