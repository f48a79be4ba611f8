using UnIT.Collections;

namespace UnIT.Planning;

/// <summary>The planner's estimate for one implementation of one layer, per inference.</summary>
/// <param name="Implementation">The implementation.</param>
/// <param name="Cycles">Expected cycles under the profile.</param>
/// <param name="Macs">Expected multiply-accumulates performed.</param>
/// <param name="Comparisons">Expected threshold comparisons.</param>
/// <param name="Quotients">Expected quotient computations.</param>
public sealed record ImplementationEstimate(KernelImplementation Implementation, double Cycles, double Macs, double Comparisons, double Quotients);

/// <summary>The implementation chosen for one conv/dense layer, the alternatives considered and why.</summary>
/// <param name="Label">Layer label.</param>
/// <param name="Implementation">The chosen implementation.</param>
/// <param name="Forced">True when the user forced it.</param>
/// <param name="Reason">A one-line explanation for the generated file and the report.</param>
/// <param name="Estimates">Every implementation considered, cheapest first.</param>
/// <param name="Statistics">The activation assumption the estimates rest on.</param>
public sealed record LayerChoice(
    string Label,
    KernelImplementation Implementation,
    bool Forced,
    string Reason,
    ImmutableEquatableArray<ImplementationEstimate> Estimates,
    ActivationStatistics Statistics)
{
    /// <summary>The estimate of the chosen implementation.</summary>
    public ImplementationEstimate Chosen => Estimates.First(e => e.Implementation == Implementation);
}

/// <summary>Choices for every conv/dense layer of a network.</summary>
public sealed record NetworkPlan(ImmutableEquatableArray<LayerChoice> Layers)
{
    /// <summary>The choice for the layer labelled <paramref name="label"/>.</summary>
    public LayerChoice ChoiceFor(string label) =>
        Layers.FirstOrDefault(l => l.Label == label) ?? throw new KeyNotFoundException($"No plan for layer '{label}'.");

    /// <summary>The choice for <paramref name="layer"/>.</summary>
    public LayerChoice ChoiceFor(Preparation.PreparedMacLayer layer) => ChoiceFor(layer.Label);
}
