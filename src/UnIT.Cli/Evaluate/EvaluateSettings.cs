using UnIT.Model;

namespace UnIT.Cli;

/// <summary>What <c>unit evaluate</c> was asked to do.</summary>
internal sealed record EvaluateSettings(NetworkDefinition Definition, string WeightFile, KernelImplementation Implementation, int Samples, ReportFormat Report);
