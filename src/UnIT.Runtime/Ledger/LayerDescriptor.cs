using UnIT.Model;

namespace UnIT.Ledger;

/// <summary>
/// What a ledger row stands for: one executed layer, how it is implemented and what it occupies. Generated code
/// writes these as constants; the reference interpreter derives them from its plan.
/// </summary>
/// <param name="Label">Layer label (<c>conv1</c>, <c>relu1</c>, …).</param>
/// <param name="Kind">Layer kind.</param>
/// <param name="Implementation">Kernel implementation of a conv/dense layer; <see cref="KernelImplementation.Auto"/> for other layers.</param>
/// <param name="DenseMacs">MACs of a dense evaluation per inference (0 for layers without weights).</param>
/// <param name="WeightFlashBytes">Weights, biases, thresholds and tables the layer keeps in FRAM.</param>
/// <param name="ActivationRamBytes">Input, output and accumulator buffers the layer needs in RAM while it runs.</param>
public sealed record LayerDescriptor(
    string Label,
    LayerKind Kind,
    KernelImplementation Implementation,
    long DenseMacs,
    long WeightFlashBytes,
    long ActivationRamBytes);
