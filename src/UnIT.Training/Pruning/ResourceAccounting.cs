using UnIT.Model;
using UnIT.Resources;

namespace UnIT.Training.Pruning;

/// <summary>
/// How a structured pruning budget counts a network's flash and peak RAM (MACs are the same either way). The default,
/// <see cref="Chip"/>, counts what the chip will hold; <see cref="WeightsOnly"/> is Liberis &amp; Lane's measure, the one
/// of the paper's tables.
/// </summary>
public abstract record ResourceAccounting
{
    private ResourceAccounting()
    {
    }

    /// <summary>The default: <see cref="Chip"/> in Q15, the format the C export writes.</summary>
    public static ResourceAccounting Default { get; } = Chip(NumberFormat.Q15);

    /// <summary>
    /// What the chip holds once UnIT plans the network (<see cref="KernelResources.BeforePlanning"/>): flash is code and
    /// constant tables as the C export compiles the Dense kernels (index tables at their narrowest C type; code only in
    /// Q15); peak RAM counts the 32-bit accumulators of every layer the planner may give an input-stationary kernel, so a
    /// RAM budget met here holds whatever kernel the planner later picks.
    /// </summary>
    public static ResourceAccounting Chip(NumberFormat format) => new ChipAccounting(format);

    /// <summary>
    /// Liberis &amp; Lane's model (<see cref="ResourceModel.Analyze(NetworkDefinition, ElementSizes)"/>): flash is the stored
    /// weights and biases at <paramref name="sizes"/>, peak RAM the activation buffers alone. It leaves out code, index
    /// tables and UnIT's accumulators, so a budget met here can be missed on the chip.
    /// </summary>
    public static ResourceAccounting WeightsOnly(ElementSizes sizes) => new WeightsOnlyAccounting(sizes ?? throw new ArgumentNullException(nameof(sizes)));

    /// <summary>The resources of <paramref name="definition"/> as this accounting counts them.</summary>
    public abstract NetworkResources Analyze(NetworkDefinition definition);

    private sealed record ChipAccounting(NumberFormat Format) : ResourceAccounting
    {
        public override NetworkResources Analyze(NetworkDefinition definition) => KernelResources.BeforePlanning(definition, Format);

        public override string ToString() => Format == NumberFormat.Q15
            ? "on the chip: Q15 code and tables, RAM with UnIT's accumulators"
            : $"on the chip: {Format} tables, RAM of any kernel";
    }

    private sealed record WeightsOnlyAccounting(ElementSizes Sizes) : ResourceAccounting
    {
        public override NetworkResources Analyze(NetworkDefinition definition) => ResourceModel.Analyze(definition, Sizes);

        public override string ToString() =>
            $"weights only (Liberis & Lane): {Sizes.Weight}-byte weights, {Sizes.Bias}-byte biases, {Sizes.Activation}-byte activations";
    }
}
