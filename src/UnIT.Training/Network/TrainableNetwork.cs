using UnIT.Model;
using UnIT.Training.Layers;
using UnIT.Training.Numerics;

namespace UnIT.Training;

/// <summary>
/// A network with trainable float32 weights, built from the same <see cref="NetworkDefinition"/> the generator
/// compiles, so trained tensors have exactly the names and shapes the rest of the toolchain reads.
/// Supports Conv2d, Conv1d, Dense, MaxPool2d, MaxPool1d, AvgPool2d, ReLU (with activation threshold) and Flatten.
/// </summary>
public sealed class TrainableNetwork
{
    private readonly LayerOperator[] _operators;
    private readonly TrainableLayer[] _layers;
    private readonly Parameter[] _parameters;

    private TrainableNetwork(NetworkDefinition definition)
    {
        Definition = definition;
        var shapes = NetworkShapes.Infer(definition);
        _operators = new LayerOperator[definition.Layers.Count];
        var layers = new List<TrainableLayer>();
        for (var i = 0; i < _operators.Length; i++)
        {
            _operators[i] = CreateOperator(definition, i, shapes[i], layers);
        }

        _layers = [.. layers];
        _parameters = [.. _layers.SelectMany(layer => layer.Parameters)];
        if (shapes[^1].Output.Rank != 1)
        {
            throw new NetworkDefinitionException(definition.Name, null, null,
                $"the network ends in a [{shapes[^1].Output}] map; end it with Flatten and a Dense layer that gives one logit per class");
        }

        OutputSize = shapes[^1].Output.ElementCount;
    }

    /// <summary>The definition the network was built from.</summary>
    public NetworkDefinition Definition { get; }

    /// <summary>The shape of one input sample.</summary>
    public TensorShape InputShape => Definition.InputShape;

    /// <summary>Floats per input sample.</summary>
    public int InputSize => Definition.InputShape.ElementCount;

    /// <summary>Logits per sample (number of classes).</summary>
    public int OutputSize { get; }

    /// <summary>The conv and dense layers, in execution order.</summary>
    public IReadOnlyList<TrainableLayer> Layers => _layers;

    /// <summary>Every parameter: each layer's weight then bias, in execution order (the <c>state_dict</c> order).</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Conv and dense weights (biases excluded): what magnitude pruning counts.</summary>
    public int WeightCount => _layers.Sum(layer => layer.Weight.Count);

    /// <summary>Weights masked out by the layers' masks.</summary>
    public int PrunedWeightCount => _layers.Sum(layer => layer.Mask?.PrunedCount ?? 0);

    /// <summary>Fraction of conv and dense weights that are pruned.</summary>
    public double Sparsity => (double)PrunedWeightCount / WeightCount;

    internal IReadOnlyList<LayerOperator> Operators => _operators;

    /// <summary>
    /// Builds the network and initialises it as PyTorch does by default (kaiming-uniform weights with a = √5,
    /// uniform biases), from <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="NetworkDefinitionException">The definition is impossible or uses a layer the trainer lacks.</exception>
    public static TrainableNetwork Create(NetworkDefinition definition, int seed)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var network = new TrainableNetwork(definition);
        var random = new SeededRandom(seed, stream: 0x1A17);
        foreach (var layer in network._layers)
        {
            PyTorchInitialization.Initialize(layer, random);
        }

        return network;
    }

    /// <summary>The conv or dense layer called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such layer.</exception>
    public TrainableLayer Layer(string name) =>
        _layers.FirstOrDefault(layer => layer.Name == name)
        ?? throw new KeyNotFoundException($"Network '{Definition.Name}' has no conv or dense layer '{name}'; it has {string.Join(", ", _layers.Select(l => l.Name))}.");

    /// <summary>An independent copy: same definition, values and masks.</summary>
    public TrainableNetwork Clone()
    {
        var copy = new TrainableNetwork(Definition);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Overwrites this network's values and masks with those of <paramref name="source"/> (same definition).</summary>
    public void CopyFrom(TrainableNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!Equals(source.Definition, Definition))
        {
            throw new ArgumentException($"Cannot copy network '{source.Definition.Name}' into '{Definition.Name}': the definitions differ.", nameof(source));
        }

        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].CopyFrom(source._layers[i]);
        }
    }

    /// <summary>The logits for one input sample (masked weights applied).</summary>
    public float[] Predict(ReadOnlySpan<float> sample)
    {
        if (sample.Length != InputSize)
        {
            throw new ArgumentException($"The network takes {InputSize} floats ([{InputShape}]) but {sample.Length} were given.", nameof(sample));
        }

        RefreshEffectiveParameters();
        var workspace = new ChunkWorkspace(_operators, InputSize, maxSamples: 1);
        sample.CopyTo(workspace.Activations[0]);
        workspace.Forward(_operators, samples: 1);
        return workspace.Activations[^1].AsSpan(0, OutputSize).ToArray();
    }

    /// <summary>Applies the current masks to the weights the forward pass reads.</summary>
    internal void RefreshEffectiveParameters()
    {
        foreach (var layer in _layers)
        {
            layer.RefreshEffectiveParameters();
        }
    }

    /// <summary>Frozen masks: zeroes the gradients of masked entries (after something added to the gradients).</summary>
    internal void MaskGradients()
    {
        foreach (var layer in _layers)
        {
            layer.MaskGradients();
        }
    }

    /// <summary>After an optimizer step: keeps frozen-masked weights at exactly zero.</summary>
    internal void ZeroFrozenEntries()
    {
        foreach (var layer in _layers)
        {
            layer.ZeroFrozenEntries();
        }
    }

    private static LayerOperator CreateOperator(NetworkDefinition definition, int index, LayerShapes shapes, List<TrainableLayer> layers)
    {
        var label = definition.LayerLabel(index);
        switch (definition.Layers[index])
        {
            case ConvolutionLayer conv:
            {
                var layer = new TrainableLayer(conv, NetworkShapes.Geometry(conv, shapes.Input));
                layers.Add(layer);
                return new ConvolutionOperator(label, layer);
            }

            case DenseLayer dense:
            {
                var layer = new TrainableLayer(dense, NetworkShapes.Geometry(dense, shapes.Input));
                layers.Add(layer);
                return new DenseOperator(label, layer);
            }

            case PoolingLayer pool:
                return pool.IsMax
                    ? new MaxPoolOperator(label, pool, PoolGeometry.From(shapes))
                    : new AvgPoolOperator(label, pool, PoolGeometry.From(shapes));

            case ReluLayer relu:
                return new ReluOperator(label, shapes.Input.ElementCount, relu.ActivationThreshold);

            case FlattenLayer:
                return new FlattenOperator(label, shapes.Input.ElementCount);

            default:
                throw new NetworkDefinitionException(definition.Name, index, label,
                    $"the trainer has no {definition.Layers[index].Kind} layer; train without it (BatchNorm is folded at build time, not trained here)");
        }
    }
}
