namespace UnIT.Reporting;

/// <summary>One row of a cost report: one layer (or the total), per inference.</summary>
/// <param name="Label">Layer label, or "total".</param>
/// <param name="Kind">Layer kind.</param>
/// <param name="Implementation">Kernel implementation of a conv/dense layer; empty otherwise.</param>
/// <param name="DenseMacs">MACs of a dense evaluation.</param>
/// <param name="MacsPerformed">MACs actually performed.</param>
/// <param name="SkippedPercent">Share of the dense MACs not performed, in percent (0 for layers without MACs).</param>
/// <param name="Comparisons">Threshold comparisons.</param>
/// <param name="Divisions">Quotient computations (any approximation).</param>
/// <param name="Cycles">Emulated cycles, FRAM wait states included.</param>
/// <param name="Milliseconds">Time at the profile's clock.</param>
/// <param name="Microjoules">Energy (an estimate: current slope only).</param>
/// <param name="FlashBytes">Weights, biases, thresholds and tables in FRAM.</param>
/// <param name="RamBytes">Activation buffers in RAM while the layer runs (the total row shows the largest).</param>
public sealed record CostReportRow(
    string Label,
    string Kind,
    string Implementation,
    double DenseMacs,
    double MacsPerformed,
    double SkippedPercent,
    double Comparisons,
    double Divisions,
    double Cycles,
    double Milliseconds,
    double Microjoules,
    long FlashBytes,
    long RamBytes);
