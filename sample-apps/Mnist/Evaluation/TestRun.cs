using UnIT.Costs;
using UnIT.Interpreter;
using UnIT.Ledger;
using UnIT.Reporting;
using UnIT.Training.Data;

namespace Mnist.Evaluation;

/// <summary>What one network did on the test digits: accuracy and its ledger priced with its own profile.</summary>
/// <param name="Name">What ran.</param>
/// <param name="Digits">How many test digits (the first ones).</param>
/// <param name="Correct">How many of them it classified correctly.</param>
/// <param name="Ledger">Its events, summed over the digits.</param>
/// <param name="Report">The ledger priced with the network's profile.</param>
/// <param name="LayerMacsPerDigit">Per digit, the MACs each ledger layer performed on it (the skip-rate distribution's data).</param>
internal sealed record TestRun(string Name, int Digits, int Correct, InferenceLedger Ledger, CostReport Report, IReadOnlyList<long[]> LayerMacsPerDigit)
{
    public double AccuracyPercent => 100.0 * Correct / Digits;

    public double Macs => Report.Total.MacsPerformed;

    public double Cycles => Report.Total.Cycles;

    public double Microjoules => Report.Total.Microjoules;

    /// <summary>
    /// Runs <paramref name="predict"/> on the first <paramref name="digits"/> test digits in parallel: fixed chunks,
    /// each with its own ledger, added in chunk order (so the result does not depend on the threads).
    /// </summary>
    public static TestRun Run(string name, Dataset test, int digits, Func<InferenceLedger> createLedger, Func<int, InferenceLedger, int> predict, CostProfile profile)
    {
        const int Chunk = 50;
        var chunks = (digits + Chunk - 1) / Chunk;
        var ledgers = new InferenceLedger[chunks];
        var correct = new int[chunks];
        var layerMacs = new long[digits][];
        Parallel.For(0, chunks, c =>
        {
            var ledger = createLedger();
            for (var i = c * Chunk; i < Math.Min(digits, (c + 1) * Chunk); i++)
            {
                var macs = layerMacs[i] = new long[ledger.Layout.Layers.Count];
                for (var layer = 0; layer < macs.Length; layer++)
                {
                    macs[layer] = -ledger.Layer(layer).MacsPerformed;
                }

                if (predict(i, ledger) == test.Label(i))
                {
                    correct[c]++;
                }

                for (var layer = 0; layer < macs.Length; layer++)
                {
                    macs[layer] += ledger.Layer(layer).MacsPerformed;
                }
            }

            ledgers[c] = ledger;
        });

        var total = createLedger();
        foreach (var ledger in ledgers)
        {
            total.Add(ledger);
        }

        return new TestRun(name, digits, correct.Sum(), total, CostReport.Create(total, profile), layerMacs);
    }

    /// <summary>A generated network on the test digits.</summary>
    public static TestRun Of(CompiledNetwork network, Dataset test, int digits) =>
        Run(network.Name, test, digits, () => new InferenceLedger(network.Layout), (i, ledger) => network.Predict(test.Sample(i), ledger), CostProfile.For(network.Profile));

    /// <summary>The reference interpreter on the test digits.</summary>
    public static TestRun Of(string name, ReferenceInterpreter interpreter, Dataset test, int digits) =>
        Run(name, test, digits, interpreter.CreateLedger, (i, ledger) => interpreter.Predict(test.Sample(i), ledger), CostProfile.For(interpreter.Layout.Profile));
}
