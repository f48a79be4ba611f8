namespace UnIT;

/// <summary>A 2-D convolution (PyTorch <c>Conv2d</c>, weight <c>[out, in, kh, kw]</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2dAttribute : PrunableLayerAttribute
{
    /// <summary>A convolution named <paramref name="name"/> with <paramref name="outChannels"/> filters.</summary>
    public Conv2dAttribute(string name, int outChannels)
        : base(name) => OutChannels = outChannels;

    /// <summary>Number of filters.</summary>
    public int OutChannels { get; }

    /// <summary>Square kernel size (or set <see cref="KernelHeight"/> and <see cref="KernelWidth"/>).</summary>
    public int Kernel { get; set; }

    /// <summary>Kernel height (overrides <see cref="Kernel"/>).</summary>
    public int KernelHeight { get; set; }

    /// <summary>Kernel width (overrides <see cref="Kernel"/>).</summary>
    public int KernelWidth { get; set; }

    /// <summary>Stride on both axes (default 1).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding on both axes (default 0).</summary>
    public int Padding { get; set; }

    /// <summary>Dilation on both axes (default 1).</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Vertical stride (overrides <see cref="Stride"/>).</summary>
    public int StrideHeight { get; set; }

    /// <summary>Horizontal stride (overrides <see cref="Stride"/>).</summary>
    public int StrideWidth { get; set; }

    /// <summary>Vertical zero padding (overrides <see cref="Padding"/>).</summary>
    public int PaddingHeight { get; set; }

    /// <summary>Horizontal zero padding (overrides <see cref="Padding"/>).</summary>
    public int PaddingWidth { get; set; }

    /// <summary>Vertical dilation (overrides <see cref="Dilation"/>).</summary>
    public int DilationHeight { get; set; }

    /// <summary>Horizontal dilation (overrides <see cref="Dilation"/>).</summary>
    public int DilationWidth { get; set; }

    /// <summary>
    /// Channel groups (PyTorch <c>groups</c>, default 1). Groups equal to the input channels makes a depthwise
    /// convolution: weight <c>[C·m, 1, kh, kw]</c>, out channels <c>C·m</c> for channel multiplier <c>m</c>.
    /// </summary>
    public int Groups { get; set; } = 1;
}

/// <summary>A 1-D convolution (PyTorch <c>Conv1d</c>, weight <c>[out, in, k]</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv1dAttribute : PrunableLayerAttribute
{
    /// <summary>A convolution named <paramref name="name"/> with <paramref name="outChannels"/> filters.</summary>
    public Conv1dAttribute(string name, int outChannels)
        : base(name) => OutChannels = outChannels;

    /// <summary>Number of filters.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length.</summary>
    public int Kernel { get; set; }

    /// <summary>Stride (default 1).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding (default 0).</summary>
    public int Padding { get; set; }

    /// <summary>Dilation (default 1).</summary>
    public int Dilation { get; set; } = 1;
}

/// <summary>A fully connected layer (PyTorch <c>Linear</c>, weight <c>[out, in]</c>); needs a flat input.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : PrunableLayerAttribute
{
    /// <summary>A dense layer named <paramref name="name"/> with <paramref name="outFeatures"/> outputs.</summary>
    public DenseAttribute(string name, int outFeatures)
        : base(name) => OutFeatures = outFeatures;

    /// <summary>Number of outputs.</summary>
    public int OutFeatures { get; }
}

/// <summary>
/// ReLU with an optional activation threshold θ: <c>y = x &gt; θ ? x : 0</c> (PyTorch <c>nn.Threshold(θ, 0)</c>).
/// Raising θ makes activations sparser, so the next layer skips more.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReLUAttribute : Attribute
{
    /// <summary>θ; 0 (the default) is a plain ReLU.</summary>
    public float ActivationThreshold { get; set; }
}

/// <summary>2-D max pooling without padding; the stride defaults to the window.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2dAttribute : Attribute
{
    /// <summary>A square <paramref name="kernel"/> x <paramref name="kernel"/> window.</summary>
    public MaxPool2dAttribute(int kernel) => Kernel = kernel;

    /// <summary>Window size.</summary>
    public int Kernel { get; }

    /// <summary>Stride; unset means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>1-D max pooling without padding; the stride defaults to the window.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool1dAttribute : Attribute
{
    /// <summary>A window of <paramref name="kernel"/> samples.</summary>
    public MaxPool1dAttribute(int kernel) => Kernel = kernel;

    /// <summary>Window size.</summary>
    public int Kernel { get; }

    /// <summary>Stride; unset means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>2-D average pooling without padding; the stride defaults to the window.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2dAttribute : Attribute
{
    /// <summary>A square <paramref name="kernel"/> x <paramref name="kernel"/> window.</summary>
    public AvgPool2dAttribute(int kernel) => Kernel = kernel;

    /// <summary>Window size.</summary>
    public int Kernel { get; }

    /// <summary>Stride; unset means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>Flattens <c>[C, H, W]</c> or <c>[C, L]</c> in C order (<c>torch.flatten(x, 1)</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute;

/// <summary>
/// Inference-mode BatchNorm (<c>&lt;name&gt;.weight/.bias/.running_mean/.running_var</c>), folded at build time into the
/// conv or dense layer declared right before it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>A BatchNorm whose tensors start with <paramref name="name"/>.</summary>
    public BatchNormAttribute(string name) => Name = name;

    /// <summary>The <c>state_dict</c> prefix.</summary>
    public string Name { get; }

    /// <summary>ε (PyTorch's default 1e-5).</summary>
    public float Epsilon { get; set; } = 1e-5f;
}
