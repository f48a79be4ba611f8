namespace UnIT.Training;

/// <summary>What one training epoch did, measured on the batches as they were trained.</summary>
/// <param name="Epoch">0-based epoch index (it seeds the epoch's shuffle).</param>
/// <param name="MeanLoss">Mean cross-entropy over the epoch's samples, each taken before its batch's update.</param>
/// <param name="AccuracyPercent">Training accuracy in percent, on the same terms.</param>
/// <param name="Elapsed">Wall time of the epoch (for progress reports; results never depend on it).</param>
public sealed record EpochResult(int Epoch, double MeanLoss, double AccuracyPercent, TimeSpan Elapsed);
