namespace UnIT.Msp430;

/// <summary>What the simulator measured for one layer of one inference.</summary>
/// <param name="Instructions">Instructions executed for the layer.</param>
/// <param name="Mclk">MCLK cycles by mspdebug's timing rules.</param>
/// <param name="Events">The layer's counters row (<c>counters.events[layer]</c>), in <c>CostEvent</c> order.</param>
public sealed record SimulatedLayer(long Instructions, long Mclk, IReadOnlyList<long> Events);

/// <summary>One inference on the simulator: the outputs it read back and what each layer did.</summary>
/// <param name="Output">The network's Q15 outputs.</param>
/// <param name="Layers">One entry per executed layer, in order.</param>
public sealed record SimulatedInference(IReadOnlyList<short> Output, IReadOnlyList<SimulatedLayer> Layers);

/// <summary>
/// What <see cref="NetworkSimulation.Run"/> measured: every inference, and the images' memory. When the network runs
/// layer by layer, the sizes are those of the per-layer images: flash is their sum (each repeats the few runtime helpers
/// it needs), variables those of the image with the most, and the stack the largest high-water mark.
/// </summary>
/// <param name="LayerByLayer">Whether the network did not fit one image below 64 KB and ran one image per layer.</param>
/// <param name="Inferences">One result per input, in input order.</param>
/// <param name="FlashBytes">Code and constants, <c>.text+.rodata</c>.</param>
/// <param name="RamBytes">Variables in SRAM, <c>.data+.bss</c>.</param>
/// <param name="PersistentBytes">Variables kept in FRAM (<c>.persistent</c>): activation buffers and accumulators that outgrow SRAM.</param>
/// <param name="StackBytes">The stack high-water mark over all runs.</param>
/// <param name="Images">How many images were built.</param>
public sealed record NetworkSimulationResult(
    bool LayerByLayer, IReadOnlyList<SimulatedInference> Inferences, int FlashBytes, int RamBytes, int PersistentBytes, int StackBytes, int Images)
{
    /// <summary>
    /// The RAM the program used: its variables wherever they live (<c>.data+.bss+.persistent</c>: the harness's input and
    /// output buffers and the network's arena) and the stack's high-water mark. What the cost model's RAM estimate bounds.
    /// </summary>
    public int RamUsedBytes => RamBytes + PersistentBytes + StackBytes;

    /// <summary>The layers' instructions and MCLK averaged over the inferences.</summary>
    public IReadOnlyList<(double Instructions, double Mclk)> MeanPerLayer =>
        Enumerable.Range(0, Inferences[0].Layers.Count)
            .Select(l => (Inferences.Average(i => (double)i.Layers[l].Instructions), Inferences.Average(i => (double)i.Layers[l].Mclk)))
            .ToArray();
}
