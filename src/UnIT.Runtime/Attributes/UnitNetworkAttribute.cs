namespace UnIT;

/// <summary>
/// Declares a network on a <c>static partial class</c>: the weight file it reads and network-wide settings. The
/// layer attributes on the same class list the layers in execution order. At build time the UnIT source generator
/// turns the class into specialised kernels (<c>Infer</c>, <c>Predict</c>, cost constants).
/// </summary>
/// <example>
/// <code>
/// [UnitNetwork("lenet.npz", Input = "1x28x28", Format = NumberFormat.Q15, Division = DivisionApproximation.ReciprocalLut)]
/// [Conv2d("conv1", 6, Kernel = 5, Threshold = 0.05f)]
/// [ReLU(ActivationThreshold = 1.5f)]
/// [MaxPool2d(2)]
/// [Flatten]
/// [Dense("fc1", 10, Threshold = 0.1f)]
/// public static partial class LeNet;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class UnitNetworkAttribute : Attribute
{
    /// <summary>Declares a network whose tensors come from <paramref name="weightFile"/>.</summary>
    /// <param name="weightFile">
    /// A <c>.npz</c> (or single-tensor <c>.npy</c>) listed as a <c>UnitWeights</c> item in the project; tensors are
    /// looked up by PyTorch <c>state_dict</c> names (<c>conv1.weight</c>, <c>conv1.bias</c>, …).
    /// </param>
    public UnitNetworkAttribute(string weightFile) => WeightFile = weightFile;

    /// <summary>The weight file name as listed in the project.</summary>
    public string WeightFile { get; }

    /// <summary>Input shape without the batch axis: <c>"1x28x28"</c> (C x H x W), <c>"2x128"</c> (C x L) or <c>"784"</c>.</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>The number format the kernels compute in (default Float32).</summary>
    public NumberFormat Format { get; set; }

    /// <summary>
    /// The emulated target: prices the ledger and guides the planner. Default: the MSP430FR5994 with MPY32 for Q15, the
    /// same part with software floating point for Float32.
    /// </summary>
    public TargetProfile Profile { get; set; }

    /// <summary>How the quotient <c>T/|a|</c> is computed (default Exact).</summary>
    public DivisionApproximation Division { get; set; }

    /// <summary>Threshold of every conv/dense layer that sets none; 0 (the default) turns UnIT off.</summary>
    public float Threshold { get; set; }

    /// <summary>Largest |input| expected (sets the Q15 input scale); unset means 1.</summary>
    public float InputRange { get; set; }

    /// <summary>
    /// Mean of the normalisation the weights were trained with (<c>(x − InputMean) / InputStandardDeviation</c>). When
    /// set, the generator folds the normalisation into the first conv/dense layer and the network takes <c>x</c> as it
    /// comes from the sensor: nothing is normalised on the target, and inputs that are 0 are skipped. Default 0.
    /// </summary>
    public float InputMean { get; set; }

    /// <summary>Standard deviation of the training normalisation (see <see cref="InputMean"/>); default 1.</summary>
    public float InputStandardDeviation { get; set; } = 1f;

    /// <summary>Mantissa bits indexing the reciprocal table of <see cref="DivisionApproximation.ReciprocalLut"/> (1–8, default 4).</summary>
    public int ReciprocalTableBits { get; set; } = 4;

    /// <summary>
    /// Optional calibration file (listed as a <c>UnitCalibration</c> item) whose measured activation ranges and
    /// statistics set Q15 scales and guide the planner.
    /// </summary>
    public string? Calibration { get; set; }
}
