using Sensor;
using UnIT.Ledger;
using UnIT.NumPy;
using UnIT.Reporting;

// The user's test windows, never used to choose anything: (N, 3, 32) float32 in g, and labels (N,) int32.
var folder = Path.Combine(AppContext.BaseDirectory, "data");
var windows = NpyReader.ReadFile(Path.Combine(folder, "test-x.npy")).ToSingleArray();
var labels = NpyReader.ReadFile(Path.Combine(folder, "test-y.npy")).ToInt32Array();
var size = windows.Length / labels.Length;

var baseline = Run("SensorNetDense (no thresholds)", SensorNetDense.CreateLedger(), SensorNetDense.Predict);
var unit = Run("SensorNet (UnIT, calibrated)", SensorNet.CreateLedger(), SensorNet.Predict);
Console.WriteLine();
Console.WriteLine(unit.ToText());
Console.WriteLine($"UnIT: {unit.Total.Cycles / baseline.Total.Cycles:P1} of the baseline's cycles, {unit.Total.MacsPerformed:N0} of {baseline.Total.MacsPerformed:N0} MACs per window.");

CostReport Run(string name, InferenceLedger ledger, Func<ReadOnlySpan<float>, InferenceLedger, int> predict)
{
    var correct = 0;
    for (var i = 0; i < labels.Length; i++)
    {
        correct += predict(windows.AsSpan(i * size, size), ledger) == labels[i] ? 1 : 0;
    }

    var report = CostReport.Create(ledger);
    Console.WriteLine($"{name}: accuracy {(double)correct / labels.Length:P1} on {labels.Length:N0} test windows, {report.Total.Cycles:N0} cycles per window");
    return report;
}
