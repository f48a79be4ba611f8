namespace UnIT.Model;

/// <summary>The layer kinds a network may contain (docs/semantics.md, "Layers").</summary>
public enum LayerKind
{
    /// <summary>1-D convolution, weight <c>[out, in, k]</c>.</summary>
    Conv1d,

    /// <summary>2-D convolution, weight <c>[out, in, kh, kw]</c>.</summary>
    Conv2d,

    /// <summary>Fully connected (PyTorch <c>Linear</c>), weight <c>[out, in]</c>.</summary>
    Dense,

    /// <summary>1-D max pooling.</summary>
    MaxPool1d,

    /// <summary>2-D max pooling.</summary>
    MaxPool2d,

    /// <summary>2-D average pooling.</summary>
    AvgPool2d,

    /// <summary>ReLU with an optional activation threshold θ: <c>y = x &gt; θ ? x : 0</c>.</summary>
    ReLU,

    /// <summary>Flattens <c>[C, H, W]</c> or <c>[C, L]</c> in C order, as <c>torch.flatten(x, 1)</c>.</summary>
    Flatten,

    /// <summary>Batch normalisation (inference statistics), folded into the preceding conv or dense layer.</summary>
    BatchNorm,
}
