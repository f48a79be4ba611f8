using UnIT;

namespace Sensor;

/// <summary>
/// The network as trained, without thresholds: the baseline. Its kernels are planned on the statistics `unit profile`
/// measured on data/calibration-x.npy (SensorNetDense.calibration.txt), so it is compared at its best.
/// </summary>
[UnitNetwork("sensor.npz", Input = "3x32", Format = NumberFormat.Q15, InputRange = 3.5f, Calibration = "SensorNetDense.calibration.txt")]
[Conv1d("conv1", 8, Kernel = 5, Padding = 2)]
[ReLU]
[MaxPool1d(2)]
[Conv1d("conv2", 16, Kernel = 3, Padding = 1)]
[ReLU]
[MaxPool1d(2)]
[Flatten]
[Dense("fc1", 4)]
public static partial class SensorNetDense;

/// <summary>
/// The same weights with UnIT: thresholds chosen by `unit calibrate` on data/calibration-*.npy within a 2-point budget
/// (README.md), copied from SensorNet.calibration.txt, which the build also reads (measured ranges and statistics).
/// </summary>
[UnitNetwork("sensor.npz", Input = "3x32", Format = NumberFormat.Q15, InputRange = 3.5f,
             Division = DivisionApproximation.ReciprocalLut, Calibration = "SensorNet.calibration.txt")]
[Conv1d("conv1", 8, Kernel = 5, Padding = 2, Threshold = 0.13929835f,
        GroupSize = 4, GroupThresholds = new[] { 0.10976576f, 0.13929835f })]
[ReLU]
[MaxPool1d(2)]
[Conv1d("conv2", 16, Kernel = 3, Padding = 1, Threshold = 0.036366403f,
        GroupSize = 4, GroupThresholds = new[] { 0.01858136f, 0.023580695f, 0.030580377f, 0.036366403f })]
[ReLU]
[MaxPool1d(2)]
[Flatten]
[Dense("fc1", 4)]
public static partial class SensorNet;
