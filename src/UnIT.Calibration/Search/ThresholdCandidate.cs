using UnIT.Calibration.Evaluation;

namespace UnIT.Calibration;

/// <summary>Proposed thresholds for a move and what they measured.</summary>
internal sealed record ThresholdCandidate(double Share, IReadOnlyList<(ThresholdGroup Group, float Threshold)> Thresholds, EvaluationResult Evaluation, bool FromBisection);
