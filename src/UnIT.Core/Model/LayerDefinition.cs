namespace UnIT.Model;

/// <summary>
/// One layer of a network definition: hyper-parameters only, no weights. Layers run in the order written.
/// </summary>
public abstract record LayerDefinition
{
    /// <summary>What the layer computes.</summary>
    public abstract LayerKind Kind { get; }

    /// <summary>
    /// The <c>state_dict</c> prefix of the layer's tensors (<c>&lt;name&gt;.weight</c>, <c>&lt;name&gt;.bias</c>);
    /// <see langword="null"/> for layers without tensors.
    /// </summary>
    public virtual string? TensorPrefix => null;
}

/// <summary>A layer with weights that the UnIT rule can prune: convolution or dense.</summary>
public abstract record PrunableLayer(string Name, PruningSettings Pruning) : LayerDefinition
{
    /// <inheritdoc/>
    public override string? TensorPrefix => Name;

    /// <summary>Number of output channels (conv) or output features (dense).</summary>
    public abstract int OutputChannels { get; }

    /// <summary>Whether a <c>&lt;name&gt;.bias</c> tensor is read (PyTorch's <c>bias=True</c>).</summary>
    public bool HasBias { get; init; } = true;
}

/// <summary>
/// A 1-D or 2-D convolution (PyTorch <c>Conv1d</c>/<c>Conv2d</c>). A 1-D convolution is stored with height 1:
/// kernel <c>1 x k</c>, stride, padding and dilation 1/0/1 along the height. <see cref="Groups"/> splits the channels
/// as PyTorch's <c>groups</c> does; <c>Groups</c> equal to the input channels is a depthwise convolution
/// (weight <c>[C·m, 1, kh, kw]</c> for channel multiplier <c>m</c>).
/// </summary>
public sealed record ConvolutionLayer(
    string Name,
    int SpatialDimensions,
    int OutChannels,
    int KernelHeight,
    int KernelWidth,
    int StrideHeight,
    int StrideWidth,
    int PaddingHeight,
    int PaddingWidth,
    int DilationHeight,
    int DilationWidth,
    PruningSettings Pruning) : PrunableLayer(Name, Pruning)
{
    /// <inheritdoc/>
    public override LayerKind Kind => SpatialDimensions == 1 ? LayerKind.Conv1d : LayerKind.Conv2d;

    /// <inheritdoc/>
    public override int OutputChannels => OutChannels;

    /// <summary>Channel groups (PyTorch <c>groups</c>, default 1): each output channel reads the input channels of its group only.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>A square 2-D convolution.</summary>
    public static ConvolutionLayer Conv2d(
        string name, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1, PruningSettings? pruning = null) =>
        new(name, 2, outChannels, kernel, kernel, stride, stride, padding, padding, dilation, dilation, pruning ?? PruningSettings.Default);

    /// <summary>A 1-D convolution.</summary>
    public static ConvolutionLayer Conv1d(
        string name, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1, PruningSettings? pruning = null) =>
        new(name, 1, outChannels, 1, kernel, 1, stride, 0, padding, 1, dilation, pruning ?? PruningSettings.Default);
}

/// <summary>A fully connected layer (PyTorch <c>Linear</c>), weight <c>[out, in]</c>.</summary>
public sealed record DenseLayer(string Name, int OutFeatures, PruningSettings Pruning) : PrunableLayer(Name, Pruning)
{
    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Dense;

    /// <inheritdoc/>
    public override int OutputChannels => OutFeatures;
}

/// <summary>
/// Max or average pooling without padding (PyTorch defaults, floor mode). A 1-D pool is stored with height 1.
/// </summary>
public sealed record PoolingLayer(LayerKind PoolKind, int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth)
    : LayerDefinition
{
    /// <inheritdoc/>
    public override LayerKind Kind => PoolKind;

    /// <summary>Whether the pool takes the maximum (otherwise the mean).</summary>
    public bool IsMax => PoolKind is LayerKind.MaxPool1d or LayerKind.MaxPool2d;

    /// <summary>Number of spatial dimensions (1 or 2).</summary>
    public int SpatialDimensions => PoolKind == LayerKind.MaxPool1d ? 1 : 2;

    /// <summary>A square 2-D max pool; the stride defaults to the kernel size.</summary>
    public static PoolingLayer MaxPool2d(int kernel, int? stride = null) =>
        new(LayerKind.MaxPool2d, kernel, kernel, stride ?? kernel, stride ?? kernel);

    /// <summary>A square 2-D average pool; the stride defaults to the kernel size.</summary>
    public static PoolingLayer AvgPool2d(int kernel, int? stride = null) =>
        new(LayerKind.AvgPool2d, kernel, kernel, stride ?? kernel, stride ?? kernel);

    /// <summary>A 1-D max pool; the stride defaults to the kernel size.</summary>
    public static PoolingLayer MaxPool1d(int kernel, int? stride = null) =>
        new(LayerKind.MaxPool1d, 1, kernel, 1, stride ?? kernel);
}

/// <summary>
/// ReLU with activation threshold θ (<c>nn.Threshold(θ, 0)</c>): <c>y = x &gt; θ ? x : 0</c>. θ = 0 is a plain ReLU;
/// a larger θ makes activations sparser so the next layer skips more.
/// </summary>
public sealed record ReluLayer(float ActivationThreshold) : LayerDefinition
{
    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.ReLU;
}

/// <summary>Flattens the activation in C order.</summary>
public sealed record FlattenLayer : LayerDefinition
{
    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.Flatten;
}

/// <summary>
/// Batch normalisation with running statistics (<c>&lt;name&gt;.weight/.bias/.running_mean/.running_var</c>),
/// folded at build time into the conv or dense layer right before it.
/// </summary>
public sealed record BatchNormLayer(string Name, float Epsilon = 1e-5f) : LayerDefinition
{
    /// <inheritdoc/>
    public override LayerKind Kind => LayerKind.BatchNorm;

    /// <inheritdoc/>
    public override string? TensorPrefix => Name;
}
