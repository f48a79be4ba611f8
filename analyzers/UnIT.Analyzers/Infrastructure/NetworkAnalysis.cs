using System.Collections.Concurrent;
using UnIT.Calibration;
using UnIT.Costs;
using UnIT.Generators.Models;
using UnIT.Generators.Planning;
using UnIT.Model;
using UnIT.NumPy;
using UnIT.Planning;
using UnIT.Preparation;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>
/// A network bound to its weights exactly as the generator binds it: calibrated ranges applied, BatchNorm folded,
/// thresholds and Q15 scales resolved (<see cref="PreparedNetwork"/>), every conv/dense layer planned with the target's
/// cost profile (<see cref="NetworkPlan"/>). When the network cannot be prepared the generator reports why, so
/// <see cref="Get"/> returns null and the rules that need weights stay silent.
/// </summary>
internal sealed class NetworkAnalysis
{
    /// <summary>
    /// Preparing and planning is the expensive part and the IDE asks again on every keystroke; results are memoised
    /// by what they depend on (definition, weight bytes by SHA-256, calibration), like the generator's plans.
    /// </summary>
    private static readonly BoundedCache<Key, Outcome> Cache = new(capacity: 16);

    private readonly ConcurrentDictionary<DivisionApproximation, double?> _cyclesByDivision = new();

    private readonly Lazy<NetworkPlan?> _planWithoutThresholds;

    private readonly WeightFile _weights;

    private NetworkAnalysis(NetworkDefinition declared, NetworkDefinition effective, WeightFile weights, PreparedNetwork network, NetworkPlan plan,
        CostProfile profile, IReadOnlyDictionary<string, ActivationStatistics>? statistics, CalibrationData? calibration)
    {
        _weights = weights;
        Declared = declared;
        Effective = effective;
        Network = network;
        Plan = plan;
        Profile = profile;
        Statistics = statistics;
        Calibration = calibration;
        _planWithoutThresholds = new Lazy<NetworkPlan?>(() => TryPlan(effective.WithoutThresholds(), weights, profile, statistics, CancellationToken.None));
    }

    /// <summary>The network as declared.</summary>
    public NetworkDefinition Declared { get; }

    /// <summary>The network as prepared: calibrated ranges filled in where the declaration leaves them unset.</summary>
    public NetworkDefinition Effective { get; }

    /// <summary>The prepared network.</summary>
    public PreparedNetwork Network { get; }

    /// <summary>The planner's choices and estimates.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>The target's cost profile.</summary>
    public CostProfile Profile { get; }

    /// <summary>Calibrated input statistics per layer label, if a calibration file is used.</summary>
    public IReadOnlyDictionary<string, ActivationStatistics>? Statistics { get; }

    /// <summary>The calibration file's content, if the network names one.</summary>
    public CalibrationData? Calibration { get; }

    /// <summary>Estimated cycles per inference of every conv/dense layer's chosen kernel.</summary>
    public double PlannedCycles => Plan.Layers.Sum(l => l.Chosen.Cycles);

    /// <summary>
    /// The plan of the same network with every UnIT threshold 0 (what the thresholds are measured against), or null
    /// when it cannot be planned.
    /// </summary>
    public NetworkPlan? PlanWithoutThresholds => _planWithoutThresholds.Value;

    /// <summary>The prepared layer of definition layer <paramref name="index"/>, if it is a conv/dense layer.</summary>
    public PreparedMacLayer? MacLayer(int index) => Network.MacLayers.FirstOrDefault(l => l.DefinitionIndex == index);

    /// <summary>
    /// The planned conv/dense cycles per inference if the network used <paramref name="division"/> instead (the whole
    /// network prepared and planned again, since keys, bucket tables and the planner's choices depend on it).
    /// </summary>
    public double? PlannedCyclesWith(DivisionApproximation division, CancellationToken cancellationToken) =>
        division == Effective.Options.Division
            ? PlannedCycles
            : _cyclesByDivision.GetOrAdd(division, d =>
            {
                var definition = Effective with { Options = Effective.Options with { Division = d } };
                return TryPlan(definition, _weights, Profile, Statistics, cancellationToken)?.Layers.Sum(l => l.Chosen.Cycles);
            });

    /// <summary>The analysis of <paramref name="declared"/> with its weights and calibration, or null when it cannot be prepared.</summary>
    public static NetworkAnalysis? Get(NetworkDefinition declared, WeightFileContent weights, CalibrationData? calibration, CancellationToken cancellationToken) =>
        Cache.GetOrAdd(new Key(declared, weights, calibration), key => Compute(key, cancellationToken)).Analysis;

    private static Outcome Compute(Key key, CancellationToken cancellationToken)
    {
        var effective = key.Calibration is null ? key.Declared : CalibrationApplication.WithMeasuredRanges(key.Declared, key.Calibration);
        var statistics = key.Calibration is null ? null : CalibrationApplication.Statistics(key.Calibration);
        try
        {
            var file = WeightFile.Parse(key.Weights.Bytes, key.Weights.Name);
            var network = PreparedNetwork.Prepare(effective, file);
            cancellationToken.ThrowIfCancellationRequested();
            var profile = CostProfile.For(effective.Options.Profile);
            var plan = KernelPlanner.Plan(network, effective.Options.Format, profile, statistics);
            return new Outcome(new NetworkAnalysis(key.Declared, effective, file, network, plan, profile, statistics, key.Calibration));
        }
        catch (Exception e) when (e is NumPyFormatException or WeightBindingException or NetworkDefinitionException)
        {
            // The generator reports this (UNIT103-UNIT110) with the file, tensor and fix.
            return new Outcome(null);
        }
    }

    private static NetworkPlan? TryPlan(
        NetworkDefinition definition, WeightFile weights, CostProfile profile, IReadOnlyDictionary<string, ActivationStatistics>? statistics, CancellationToken cancellationToken)
    {
        try
        {
            var network = PreparedNetwork.Prepare(definition, weights);
            cancellationToken.ThrowIfCancellationRequested();
            return KernelPlanner.Plan(network, definition.Options.Format, profile, statistics);
        }
        catch (Exception e) when (e is NumPyFormatException or WeightBindingException or NetworkDefinitionException)
        {
            return null;
        }
    }

    private sealed record Key(NetworkDefinition Declared, WeightFileContent Weights, CalibrationData? Calibration);

    private sealed record Outcome(NetworkAnalysis? Analysis);
}
