using UnIT.Collections;
using UnIT.Costs;
using UnIT.Ledger;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Planning;
using UnIT.Preparation;
using UnIT.Resources;

namespace UnIT.Interpreter;

/// <summary>
/// The oracle: runs a prepared network with the semantics of docs/semantics.md in plain loops, in Float32 or Q15,
/// with any division approximation, and counts exactly the events each layer's kernel implementation would incur.
/// Generated kernels are tested against it; calibration uses it to try thresholds without rebuilding.
/// </summary>
public sealed class ReferenceInterpreter
{
    private readonly MacLayerPlan?[] _plans;
    private readonly EventCounts[] _fixedEvents;

    /// <summary>
    /// Prepares an interpreter. <paramref name="implementations"/> gives one implementation per conv/dense layer in
    /// order (or one for all); <see cref="KernelImplementation.Auto"/> and <see langword="null"/> take each layer's
    /// requested implementation, or the planner's choice under the network's profile.
    /// </summary>
    public ReferenceInterpreter(PreparedNetwork network, NumberFormat? format = null, IReadOnlyList<KernelImplementation>? implementations = null)
    {
        Network = network;
        Format = format ?? network.Definition.Options.Format;
        var macLayers = network.MacLayers.ToArray();
        if (implementations is not null && implementations.Count != 1 && implementations.Count != macLayers.Length)
        {
            throw new ArgumentException($"Give one implementation for all conv/dense layers or one per layer ({macLayers.Length}).", nameof(implementations));
        }

        NetworkPlan? plan = null;
        _plans = new MacLayerPlan?[network.Layers.Count];
        var macIndex = 0;
        for (var i = 0; i < network.Layers.Count; i++)
        {
            if (network.Layers[i] is not PreparedMacLayer mac)
            {
                continue;
            }

            var implementation = implementations is null ? KernelImplementation.Auto : implementations[implementations.Count == 1 ? 0 : macIndex];
            if (implementation == KernelImplementation.Auto)
            {
                implementation = mac.RequestedImplementation;
            }

            if (implementation == KernelImplementation.Auto)
            {
                plan ??= KernelPlanner.Plan(network, Format, CostProfile.For(network.Definition.Options.Profile));
                implementation = plan.ChoiceFor(mac).Implementation;
            }

            KernelPlanner.CheckSupported(network.Definition.Name, mac, implementation);
            _plans[i] = new MacLayerPlan(mac, Format, implementation);
            macIndex++;
        }

        _fixedEvents = network.Layers.Select(FixedEventsOf).ToArray();
        var chosen = _plans.Where(p => p is not null).Select(p => p!).ToArray();
        Resources = KernelResources.Analyze(network, Format, chosen.Select(p => p.Implementation).ToArray(), chosen.Select(p => p.Buckets).ToArray());
        var descriptors = network.Layers.Select((layer, i) => new LayerDescriptor(
            layer.Label,
            layer.Kind,
            _plans[i]?.Implementation ?? KernelImplementation.Auto,
            layer is PreparedMacLayer mac ? mac.Geometry.DenseMacs : 0,
            Resources.Operators[i].FlashBytes,
            Resources.Operators[i].LiveBytesWithInput));

        var options = network.Definition.Options;
        Layout = new LedgerLayout(network.Definition.Name, Format, options.Profile, options.Division, descriptors.ToImmutableEquatableArray());
    }

    /// <summary>Loads a weight file and prepares an interpreter for <paramref name="definition"/>.</summary>
    public static ReferenceInterpreter Load(NetworkDefinition definition, string weightFilePath, NumberFormat? format = null, IReadOnlyList<KernelImplementation>? implementations = null) =>
        new(PreparedNetwork.Prepare(definition, WeightFile.Load(weightFilePath)), format, implementations);

    /// <summary>The network.</summary>
    public PreparedNetwork Network { get; }

    /// <summary>Flash, MACs and peak RAM of the network with the chosen kernels (resource model).</summary>
    public NetworkResources Resources { get; }

    /// <summary>The number format it computes in.</summary>
    public NumberFormat Format { get; }

    /// <summary>The ledger layout its runs fill.</summary>
    public LedgerLayout Layout { get; }

    /// <summary>The implementation of each executed layer (Auto for layers without weights).</summary>
    public IReadOnlyList<KernelImplementation> Implementations => Layout.Layers.Select(l => l.Implementation).ToArray();

    /// <summary>A ledger for this interpreter's layout.</summary>
    public InferenceLedger CreateLedger() => new(Layout);

    /// <summary>Runs one inference; adds its events to <paramref name="ledger"/> when given.</summary>
    public void Run(ReadOnlySpan<float> input, Span<float> output, InferenceLedger? ledger = null)
    {
        if (input.Length != Network.InputShape.ElementCount)
        {
            throw new ArgumentException($"The input has {input.Length} values; network '{Network.Definition.Name}' takes {Network.InputShape.ElementCount} ({Network.InputShape}).", nameof(input));
        }

        if (output.Length != Network.OutputShape.ElementCount)
        {
            throw new ArgumentException($"The output span has {output.Length} values; network '{Network.Definition.Name}' produces {Network.OutputShape.ElementCount}.", nameof(output));
        }

        for (var i = 0; i < input.Length; i++)
        {
            if (float.IsNaN(input[i]) || float.IsInfinity(input[i]))
            {
                throw new ArgumentException($"Input element {i} is {input[i]}; inputs must be finite.", nameof(input));
            }
        }

        if (ledger is not null && !Equals(ledger.Layout, Layout))
        {
            throw new ArgumentException("The ledger was made for another network or plan; use CreateLedger().", nameof(ledger));
        }

        if (Format == NumberFormat.Q15)
        {
            var outputScale = Network.Layers[Network.Layers.Count - 1].Quantization.OutputScale;
            Run<short, Q15Format>(new Q15Format(Network.InputScale, outputScale), input, output, ledger);
        }
        else
        {
            Run<float, Float32Format>(default, input, output, ledger);
        }

        if (ledger is not null)
        {
            ledger.Inferences++;
        }
    }

    /// <summary>Runs one inference and returns the outputs.</summary>
    public float[] Run(ReadOnlySpan<float> input, InferenceLedger? ledger = null)
    {
        var output = new float[Network.OutputShape.ElementCount];
        Run(input, output, ledger);
        return output;
    }

    /// <summary>The index of the largest output (the predicted class).</summary>
    public int Predict(ReadOnlySpan<float> input, InferenceLedger? ledger = null)
    {
        var output = Run(input, ledger);
        var best = 0;
        for (var i = 1; i < output.Length; i++)
        {
            if (output[i] > output[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// The driver, one for both formats: layer by layer, each kind's loop in <typeparamref name="TFormat"/>, the fixed
    /// events of ReLU and pools (<see cref="FixedEvents"/>) plus the counted events of conv/dense layers.
    /// </summary>
    private void Run<T, TFormat>(TFormat format, ReadOnlySpan<float> input, Span<float> output, InferenceLedger? ledger)
        where T : IEquatable<T>
        where TFormat : struct, ILayerFormat<T>
    {
        var current = format.Encode(input);
        for (var i = 0; i < Network.Layers.Count; i++)
        {
            var layer = Network.Layers[i];
            var next = new T[layer.OutputShape.ElementCount];
            var events = _fixedEvents[i];
            switch (layer)
            {
                case PreparedMacLayer:
                    var plan = _plans[i]!;
                    var magnitudes = new double[current.Length];
                    var quotients = new double[current.Length];
                    var (candidates, kept, negativeSums) = format.RunMac(plan, current, next, magnitudes, quotients);
                    if (ledger is not null)
                    {
                        MacEventAccounting.Count(plan, magnitudes, quotients, candidates, kept, negativeSums, ref events);
                    }

                    break;
                case PreparedReluLayer relu:
                    format.Relu(relu, current, next);
                    events.ReluClear += FixedEvents.ReluCleared<T>(next);
                    break;
                case PreparedPoolLayer pool:
                    format.Pool(pool, current, next);
                    break;
                default:
                    Array.Copy(current, next, current.Length); // Flatten
                    break;
            }

            if (ledger is not null)
            {
                ledger.Layer(i).Add(events);
            }

            current = next;
        }

        format.Decode(current, output);
    }

    /// <summary>The events a layer incurs whatever its input: ReLU and pools by <see cref="FixedEvents"/>, none for the others.</summary>
    private static EventCounts FixedEventsOf(PreparedLayer layer) => layer switch
    {
        PreparedReluLayer relu => FixedEvents.Counts(FixedEvents.Relu(relu.InputShape.ElementCount, relu.QuantizedThreshold)),
        PreparedPoolLayer pool => FixedEvents.Counts(FixedEvents.Pool(pool.Definition.IsMax, pool.OutputShape.ElementCount, pool.WindowSize, (long)pool.Channels * pool.OutHeight)),
        _ => default,
    };
}
