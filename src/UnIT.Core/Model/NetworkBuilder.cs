using UnIT.Collections;

namespace UnIT.Model;

/// <summary>Builds a <see cref="NetworkDefinition"/> in code, in execution order.</summary>
public sealed class NetworkBuilder
{
    private readonly string _name;
    private readonly TensorShape _input;
    private readonly List<LayerDefinition> _layers = [];

    /// <summary>Starts a network that takes <paramref name="input"/>.</summary>
    public NetworkBuilder(string name, TensorShape input)
    {
        _name = name;
        _input = input;
    }

    /// <summary>Appends any layer.</summary>
    public NetworkBuilder Add(LayerDefinition layer)
    {
        _layers.Add(layer);
        return this;
    }

    /// <summary>Appends a square 2-D convolution.</summary>
    public NetworkBuilder Conv2d(
        string name, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1, PruningSettings? pruning = null, int groups = 1) =>
        Add(ConvolutionLayer.Conv2d(name, outChannels, kernel, stride, padding, dilation, pruning) with { Groups = groups });

    /// <summary>Appends a 1-D convolution.</summary>
    public NetworkBuilder Conv1d(string name, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1, PruningSettings? pruning = null) =>
        Add(ConvolutionLayer.Conv1d(name, outChannels, kernel, stride, padding, dilation, pruning));

    /// <summary>Appends a dense (fully connected) layer.</summary>
    public NetworkBuilder Dense(string name, int outFeatures, PruningSettings? pruning = null) =>
        Add(new DenseLayer(name, outFeatures, pruning ?? PruningSettings.Default));

    /// <summary>Appends a ReLU with activation threshold θ.</summary>
    public NetworkBuilder ReLU(float activationThreshold = 0f) => Add(new ReluLayer(activationThreshold));

    /// <summary>Appends a 2-D max pool.</summary>
    public NetworkBuilder MaxPool2d(int kernel, int? stride = null) => Add(PoolingLayer.MaxPool2d(kernel, stride));

    /// <summary>Appends a 1-D max pool.</summary>
    public NetworkBuilder MaxPool1d(int kernel, int? stride = null) => Add(PoolingLayer.MaxPool1d(kernel, stride));

    /// <summary>Appends a 2-D average pool.</summary>
    public NetworkBuilder AvgPool2d(int kernel, int? stride = null) => Add(PoolingLayer.AvgPool2d(kernel, stride));

    /// <summary>Appends a flatten.</summary>
    public NetworkBuilder Flatten() => Add(new FlattenLayer());

    /// <summary>Appends a batch normalisation (folded into the layer before it).</summary>
    public NetworkBuilder BatchNorm(string name, float epsilon = 1e-5f) => Add(new BatchNormLayer(name, epsilon));

    /// <summary>Finishes the definition.</summary>
    public NetworkDefinition Build(NetworkOptions? options = null) =>
        new(_name, _input, _layers.ToImmutableEquatableArray(), options ?? NetworkOptions.Default);
}
