namespace UnIT;

/// <summary>Settings shared by the layers UnIT can prune (convolutions and dense layers).</summary>
public abstract class PrunableLayerAttribute : Attribute
{
    private protected PrunableLayerAttribute(string name) => Name = name;

    /// <summary>The <c>state_dict</c> prefix of the layer's tensors (<c>"conv1"</c> reads <c>conv1.weight</c> and <c>conv1.bias</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// UnIT threshold <c>T</c>: a product <c>a·w</c> is skipped when <c>|a·w| &lt;= T</c>. In units of the float product;
    /// unset takes the network's default; 0 turns UnIT off for this layer.
    /// </summary>
    public float Threshold { get; set; }

    /// <summary>Output channels per threshold group (contiguous); unset or 0 means one group for the layer.</summary>
    public int GroupSize { get; set; }

    /// <summary>One threshold per group of <see cref="GroupSize"/> channels ("layer- and group-specific sensitivity").</summary>
    public float[]? GroupThresholds { get; set; }

    /// <summary>Force a kernel implementation instead of the planner's choice.</summary>
    public KernelImplementation Implementation { get; set; }

    /// <summary>Largest |output| expected (sets the Q15 output scale); unset uses the calibration file or a bound from the weights.</summary>
    public float OutputRange { get; set; }

    /// <summary>Whether the layer has a bias tensor (PyTorch <c>bias=True</c>, the default).</summary>
    public bool Bias { get; set; } = true;
}
