namespace UnIT.Resources;

/// <summary>Bytes per stored element: weights, biases (and other per-channel constants), activations.</summary>
public sealed record ElementSizes(int Weight, int Bias, int Activation)
{
    /// <summary>Q15 kernels: int16 weights and activations, int32 biases.</summary>
    public static ElementSizes Q15 { get; } = new(2, 4, 2);

    /// <summary>Float32 kernels: everything 4 bytes.</summary>
    public static ElementSizes Float32 { get; } = new(4, 4, 4);

    /// <summary>One byte per element (int8 deployments; the unit of the worked example in Liberis &amp; Lane).</summary>
    public static ElementSizes Byte { get; } = new(1, 1, 1);

    /// <summary>The sizes of a number format.</summary>
    public static ElementSizes For(NumberFormat format) => format == NumberFormat.Q15 ? Q15 : Float32;
}
