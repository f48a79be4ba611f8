using Microsoft.CodeAnalysis;

namespace UnIT.Generators.Diagnostics;

/// <summary>
/// The generator's diagnostics: "cannot generate" errors, one warning for a plan that does not fit the part's memory
/// (UNIT113), and one note for a plan made without activation statistics (UNIT114). Advice about threshold settings
/// lives in the analyzers.
/// Each has a stable id and a help page in <c>docs/diagnostics/</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "UnIT.Generator";

    public const string NetworkClassMustBePartialId = "UNIT100";
    public const string WeightFileNotInBuildId = "UNIT101";
    public const string WeightFileUnreadableId = "UNIT102";
    public const string MalformedWeightFileId = "UNIT103";
    public const string UnsupportedDTypeId = "UNIT104";
    public const string MissingTensorId = "UNIT105";
    public const string TensorShapeMismatchId = "UNIT106";
    public const string NonFiniteWeightsId = "UNIT107";
    public const string ImpossibleLayerSequenceId = "UNIT108";
    public const string UnsupportedOptionCombinationId = "UNIT109";
    public const string InvalidNetworkSettingId = "UNIT110";
    public const string InvalidCalibrationFileId = "UNIT111";
    public const string OnnxGraphMismatchId = "UNIT112";
    public const string PlanExceedsPartMemoryId = "UNIT113";
    public const string PlannedWithoutStatisticsId = "UNIT114";

    public static readonly DiagnosticDescriptor NetworkClassMustBePartial = Error(
        NetworkClassMustBePartialId, "Network class must be partial",
        "Class '{0}' has [UnitNetwork] but {1}; declare it as 'static partial class {0}' so the generator can add the kernels");

    public static readonly DiagnosticDescriptor WeightFileNotInBuild = Error(
        WeightFileNotInBuildId, "Weight file is not part of the build",
        "Weight file '{0}' named by [UnitNetwork] on '{1}' is not part of the build; {2}");

    public static readonly DiagnosticDescriptor WeightFileUnreadable = Error(
        WeightFileUnreadableId, "Converted weight file is unreadable",
        "The converted copy of weight file '{0}' cannot be read: {1}; rebuild so the build converts '{0}' again");

    public static readonly DiagnosticDescriptor MalformedWeightFile = Error(
        MalformedWeightFileId, "Weight file is not a valid NumPy or ONNX file", "{0}");

    public static readonly DiagnosticDescriptor UnsupportedDType = Error(
        UnsupportedDTypeId, "Weight tensor has an unsupported dtype", "{0}");

    public static readonly DiagnosticDescriptor MissingTensor = Error(
        MissingTensorId, "Weight tensor is missing", "{0}");

    public static readonly DiagnosticDescriptor TensorShapeMismatch = Error(
        TensorShapeMismatchId, "Weight tensor has the wrong shape", "{0}");

    public static readonly DiagnosticDescriptor NonFiniteWeights = Error(
        NonFiniteWeightsId, "Weight tensor holds NaN, infinite or impossible values", "{0}");

    public static readonly DiagnosticDescriptor ImpossibleLayerSequence = Error(
        ImpossibleLayerSequenceId, "Impossible layer sequence", "{0}");

    public static readonly DiagnosticDescriptor UnsupportedOptionCombination = Error(
        UnsupportedOptionCombinationId, "Unsupported combination of options", "{0}");

    public static readonly DiagnosticDescriptor InvalidNetworkSetting = Error(
        InvalidNetworkSettingId, "Invalid network setting", "{0}");

    public static readonly DiagnosticDescriptor InvalidCalibrationFile = Error(
        InvalidCalibrationFileId, "Calibration file cannot be used", "{0}");

    public static readonly DiagnosticDescriptor OnnxGraphMismatch = Error(
        OnnxGraphMismatchId, "Declaration disagrees with the ONNX graph", "{0}");

    /// <summary>A warning: the kernels are generated and run on the host, but the plan does not fit the target part.</summary>
    public static readonly DiagnosticDescriptor PlanExceedsPartMemory = Create(
        PlanExceedsPartMemoryId, "Network does not fit the part's memory", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PlannedWithoutStatistics = Create(
        PlannedWithoutStatisticsId, "Kernels planned without activation statistics", "{0}", DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, DiagnosticHelp.SeeAlso(id), DiagnosticHelp.Link(id));

    /// <summary>Every descriptor, by id.</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = new[]
    {
        NetworkClassMustBePartial, WeightFileNotInBuild, WeightFileUnreadable, MalformedWeightFile, UnsupportedDType, MissingTensor,
        TensorShapeMismatch, NonFiniteWeights, ImpossibleLayerSequence, UnsupportedOptionCombination, InvalidNetworkSetting, InvalidCalibrationFile,
        OnnxGraphMismatch, PlanExceedsPartMemory, PlannedWithoutStatistics,
    }.ToDictionary(d => d.Id);
}
