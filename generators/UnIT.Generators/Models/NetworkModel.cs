using UnIT.Collections;
using UnIT.Model;

namespace UnIT.Generators.Models;

/// <summary>
/// Everything the emitter writes for one network, as equatable values: the class, constants, the ledger layout, the
/// explanation for the file header, and one <see cref="LayerModel"/> per executed layer.
/// </summary>
internal sealed record NetworkModel(
    ClassInfo Class,
    string WeightFileName,
    string WeightSha256,
    NetworkDefinition Definition,
    int InputLength,
    int OutputLength,
    int InputScale,
    int OutputScale,
    int ScratchLength,
    long DenseMacs,
    long Parameters,
    long FlashBytes,
    long PeakActivationRamBytes,
    long PeakActivationRamBytesWithoutInput,
    long RamBytes,
    string BottleneckLayer,
    ImmutableEquatableArray<LayerModel> Layers,
    ImmutableEquatableArray<string> Description)
{
    public NumberFormat Format => Definition.Options.Format;

    public string HintName => Class.FullName + ".UnIT.g.cs";
}

/// <summary>A ledger row as the generated <c>LedgerLayout</c> lists it.</summary>
internal sealed record LedgerRow(string Label, LayerKind Kind, KernelImplementation Implementation, long DenseMacs, long FlashBytes, long RamBytes);

/// <summary>One executed layer.</summary>
internal abstract record LayerModel(int Index, LedgerRow Row, int InputLength, int OutputLength);

/// <summary>ReLU with threshold θ (float and Q15 forms).</summary>
internal sealed record ReluModel(int Index, LedgerRow Row, int Length, float Threshold, int QuantizedThreshold)
    : LayerModel(Index, Row, Length, Length);

/// <summary>Flatten: no code, the buffer is reinterpreted.</summary>
internal sealed record FlattenModel(int Index, LedgerRow Row, int Length) : LayerModel(Index, Row, Length, Length);

/// <summary>Max or average pooling.</summary>
internal sealed record PoolModel(
    int Index, LedgerRow Row, bool IsMax, int Channels, int InHeight, int InWidth, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth)
    : LayerModel(Index, Row, Channels * InHeight * InWidth, Channels * OutHeight * OutWidth);

/// <summary>
/// A conv or dense layer with its kernel implementation and the constants that kernel needs. Weight-indexed arrays
/// use the flat <c>[out, in, kh, kw]</c> index; Float32 networks fill the <c>Single*</c> arrays, Q15 networks the
/// <c>Quantized*</c> arrays (the other set is empty).
/// </summary>
internal sealed record MacModel(
    int Index,
    LedgerRow Row,
    ConvGeometry Geometry,
    bool IsDense,
    bool InputNonNegative,
    KernelImplementation Implementation,
    bool Unrolled,
    DivisionApproximation Division,
    int TableBits,
    long Candidates,
    ImmutableEquatableArray<float> SingleWeights,
    ImmutableEquatableArray<float> SingleBias,
    ImmutableEquatableArray<float> SingleKeys,
    ImmutableEquatableArray<float> SingleActivationThresholds,
    float SingleReference,
    ImmutableEquatableArray<short> QuantizedWeights,
    ImmutableEquatableArray<long> QuantizedBias,
    ImmutableEquatableArray<int> QuantizedKeys,
    ImmutableEquatableArray<int> QuantizedActivationThresholds,
    int QuantizedReference,
    int RequantizeShift,
    ImmutableEquatableArray<ImmutableEquatableArray<int>> Lists,
    BucketModel? Buckets,
    ImmutableEquatableArray<ImmutableEquatableArray<int>> TapLists,
    BucketModel? TapBuckets)
    : LayerModel(Index, Row, Geometry.InputCount, Geometry.OutputCount)
{
    /// <summary>True for kernels that visit each input once and scatter its products (Gather on dense layers, Sorted, Bucketed).</summary>
    public bool IsInputStationary =>
        Implementation is KernelImplementation.Sorted or KernelImplementation.Bucketed || (Implementation == KernelImplementation.Gather && IsDense);
}

/// <summary>Bucketed kernel tables (see <c>UnIT.Kernels.BucketTable</c>).</summary>
internal sealed record BucketModel(
    int Bits,
    int FirstId,
    int LastId,
    bool ComparisonFree,
    ImmutableEquatableArray<ImmutableEquatableArray<int>> Low,
    ImmutableEquatableArray<ImmutableEquatableArray<int>> High)
{
    public int SlotCount => LastId - FirstId + 3;
}
