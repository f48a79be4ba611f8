using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using UnIT.Generators.Diagnostics;

namespace UnIT.Analyzers.Diagnostics;

/// <summary>
/// The analyzers' rules: advice on threshold settings (the generator's "cannot generate" errors are UNIT100 and up).
/// Ids are stable; every rule has a help page in <c>docs/diagnostics/</c> and a severity users can change with
/// <c>dotnet_diagnostic.UNITxxx.severity</c> in <c>.editorconfig</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The category every rule belongs to.</summary>
    public const string Category = "UnIT.Thresholds";

    public const string InvalidThresholdId = "UNIT001";
    public const string ThresholdSkipsEveryMacId = "UNIT002";
    public const string ThresholdBelowResolutionId = "UNIT003";
    public const string GroupMismatchId = "UNIT004";
    public const string UnusedActivationThresholdId = "UNIT005";
    public const string DivisionUnsuitedToProfileId = "UNIT006";
    public const string ForcedImplementationSlowerId = "UNIT007";
    public const string ThresholdDiffersFromCalibrationId = "UNIT008";
    public const string ThresholdIgnoredByKernelId = "UNIT009";
    public const string ThresholdsSlowerThanNoneId = "UNIT010";

    public static readonly DiagnosticDescriptor InvalidThreshold = Create(
        InvalidThresholdId, DiagnosticSeverity.Error,
        "Threshold is negative, NaN or infinite",
        "{0} is {1}; it must be a finite number >= 0 ({2})",
        "A UnIT threshold T (network Threshold, layer Threshold, an element of GroupThresholds) or a ReLU ActivationThreshold must be a finite number >= 0; 0 turns the feature off.");

    public static readonly DiagnosticDescriptor ThresholdSkipsEveryMac = Create(
        ThresholdSkipsEveryMacId, DiagnosticSeverity.Warning,
        "Threshold skips every MAC",
        "{0} = {1} on {2} is at least max|w| · max|a| = {3} · {4} = {5}, so {2} skips every MAC for inputs up to {4} and outputs only its bias (max|w| after BatchNorm folding; max|a|: {6})",
        "A product a·w is skipped when |a·w| <= T. When T is at least the largest weight magnitude times the largest input magnitude, no product survives for any input in the declared or calibrated range, so the layer (or group) computes nothing but its bias.");

    public static readonly DiagnosticDescriptor ThresholdBelowResolution = Create(
        ThresholdBelowResolutionId, DiagnosticSeverity.Warning,
        "Threshold is below the number format's resolution",
        "{0} = {1} on {2} is below the {3} resolution: {4}; the smallest effective value is {5}",
        "In Q15 a threshold becomes the integer floor(T·2^(s_in+s_w)); when that is 0 the threshold skips nothing that 0 would not. In Float32 a threshold below 2^-24 · max|w| · max|a| only skips products below the float rounding of the layer's largest product.");

    public static readonly DiagnosticDescriptor GroupMismatch = Create(
        GroupMismatchId, DiagnosticSeverity.Error,
        "Threshold groups do not fit the layer",
        "Layer '{0}': {1}",
        "GroupSize must divide the layer's output channels, and GroupThresholds must hold exactly one threshold per group (output channels / GroupSize, or 1 without GroupSize).");

    public static readonly DiagnosticDescriptor UnusedActivationThreshold = Create(
        UnusedActivationThresholdId, DiagnosticSeverity.Warning,
        "Activation threshold cannot save any work",
        "ActivationThreshold = {0} on '{1}' makes activations sparser, but {2}; it changes the outputs without saving any work",
        "A ReLU activation threshold θ > 0 zeroes more activations so that the next conv/dense layer skips more MACs. Without such a layer, or when that layer is forced to the Dense kernel (which multiplies zeros too), θ only costs accuracy.");

    public static readonly DiagnosticDescriptor DivisionUnsuitedToProfile = Create(
        DivisionUnsuitedToProfileId, DiagnosticSeverity.Warning,
        "Division approximation is slow on the target profile",
        "Division = {0} costs {1} cycles per quotient on {2}, more than {3} at {4} cycles, which is at least as accurate ({5}): {6} cycles more per quotient and an estimated {7} cycles more per inference ({8})",
        "An approximation of T/|a| is only worth its error when it is cheaper than every approximation that is at least as accurate. On this profile another one is both cheaper per quotient and at least as accurate, and the planned kernels compute enough quotients for it to matter.");

    public static readonly DiagnosticDescriptor ForcedImplementationSlower = Create(
        ForcedImplementationSlowerId, DiagnosticSeverity.Info,
        "Forced kernel implementation is estimated to be slower than the planner's choice",
        "Layer '{0}': Implementation = {1} is estimated at {2} cycles per inference on {3}, but the planner would choose {4} at {5} cycles ({6})",
        "The planner prices every kernel implementation of a layer with the target's cost profile and the layer's activation statistics. A forced implementation that costs more than the planner's choice makes every inference slower.");

    public static readonly DiagnosticDescriptor ThresholdDiffersFromCalibration = Create(
        ThresholdDiffersFromCalibrationId, DiagnosticSeverity.Info,
        "Threshold differs from the calibration file",
        "{0} = {1} on '{2}' differs from the calibrated {3} in '{4}' ({5})",
        "The network names a calibration file whose thresholds were chosen on calibration data under an accuracy budget. The declaration stays the source of truth; this points out where it differs.");

    public static readonly DiagnosticDescriptor ThresholdIgnoredByKernel = Create(
        ThresholdIgnoredByKernelId, DiagnosticSeverity.Warning,
        "Threshold on a layer whose kernel cannot prune",
        "Layer '{0}' is forced to Implementation = Dense, which ignores thresholds, so {1} = {2} has no effect; remove the threshold, or let the planner choose a kernel that prunes",
        "The Dense kernel is the no-skipping baseline: it performs every MAC whatever the threshold. A non-zero threshold on such a layer suggests pruning that does not happen.");

    public static readonly DiagnosticDescriptor ThresholdsSlowerThanNone = Create(
        ThresholdsSlowerThanNoneId, DiagnosticSeverity.Warning,
        "Thresholds make the layer slower than no thresholds",
        "Layer '{0}': with its thresholds the planner estimates {1} cycles per inference on {2} ({3}), without them {4} ({5}): the comparisons and quotients cost more than the multiplications they skip. The estimate rests on {6}; {7}",
        "UnIT decides per product whether to skip it; on a part with a hardware multiplier a multiply-accumulate is cheap, so a threshold only pays where it skips many products, and mostly small inputs. The planner prices both with the target's cost profile and the layer's activation statistics (measured by a calibration file, or assumed without one).");

    /// <summary>Every rule, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        InvalidThreshold, ThresholdSkipsEveryMac, ThresholdBelowResolution, GroupMismatch, UnusedActivationThreshold,
        DivisionUnsuitedToProfile, ForcedImplementationSlower, ThresholdDiffersFromCalibration, ThresholdIgnoredByKernel, ThresholdsSlowerThanNone);

    private static DiagnosticDescriptor Create(string id, DiagnosticSeverity severity, string title, string message, string description) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description + " " + DiagnosticHelp.SeeAlso(id), DiagnosticHelp.Link(id));
}
