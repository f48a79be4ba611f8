using System.Diagnostics;
using UnIT.Benchmarks;
using UnIT.Benchmarks.Infrastructure;

// dotnet run -c Release --project tests/UnIT.Benchmarks -- [kernels|ledger|generator|size|calibration|all] [--quick] [--layers]
if (args.Length == 2 && args[0] == JitCheck.ChildSwitch)
{
    return JitCheck.Child(args[1]);
}

if (args.Length == 7 && args[0] == KernelBenchmark.RowSwitch)
{
    return KernelBenchmark.RunRow(args[1..]);
}

if (args.Length == 3 && args[0] == GeneratorBenchmark.ChildSwitch)
{
    GeneratorBenchmark.Run(args[1] == "quick", LeNetSettings.Default, new DirectoryInfo(args[2]));
    return 0;
}

string[] parts = ["kernels", "ledger", "generator", "size", "calibration", "all"];
string[] switches = ["--quick", "--layers", "--help", "-h"];
var unknown = args.Where(a => !parts.Contains(a, StringComparer.OrdinalIgnoreCase) && !switches.Contains(a)).ToArray();
if (unknown.Length > 0 || args.Contains("--help") || args.Contains("-h"))
{
    if (unknown.Length > 0)
    {
        Console.Error.WriteLine("unknown argument(s): " + string.Join(" ", unknown));
    }

    Console.WriteLine("usage: dotnet run -c Release --project tests/UnIT.Benchmarks -- [kernels|ledger|generator|size|calibration|all] [--quick] [--layers]");
    Console.WriteLine("  kernels    generated kernels vs the reference interpreter, ledger on for both (target >= 5x)");
    Console.WriteLine("  ledger     generated kernels with vs without the ledger (target <= 1.25)");
    Console.WriteLine("  generator  generator wall time (parse+plan+emit, then Roslyn Emit) for LeNet and a 100,000-weight MLP (target <= 60 s)");
    Console.WriteLine("  size       IL size of the generated code; every method against the JIT's optimisation limits");
    Console.WriteLine("  calibration  MNIST calibration time on 1,000 and 10,000 samples, outputs on the interpreter (before) vs the output runner");
    Console.WriteLine("  all        everything (the default)");
    Console.WriteLine("  --quick    shorter warm-up, fewer rounds; no warm generator pass, no fully unrolled MLP, no 10,000-sample interpreter run");
    Console.WriteLine("  --layers   also time each generated layer method on its own (kernels/ledger)");
    Console.WriteLine("Environment: UNIT_BENCHMARK_SOURCES=<dir> keeps the generated LeNet sources the kernels were timed on;");
    Console.WriteLine("             UNIT_BENCHMARK_ONLY=Float32Sorted,Q15Gather,... times only those kernel rows.");
    return unknown.Length > 0 ? 2 : 0;
}

var quick = args.Contains("--quick");
var layers = args.Contains("--layers");
var chosen = args.Where(a => parts.Contains(a, StringComparer.OrdinalIgnoreCase)).Select(a => a.ToUpperInvariant()).ToArray();
bool Wants(string part) => chosen.Length == 0 || chosen.Contains("ALL") || chosen.Contains(part);

var settings = LeNetSettings.Default;
Machine.Print(quick, settings);
var clock = Stopwatch.StartNew();
if (Wants("KERNELS") || Wants("LEDGER"))
{
    KernelBenchmark.Run(Wants("KERNELS"), Wants("LEDGER"), layers, quick ? TimerOptions.Quick : TimerOptions.Full, settings);
}

var images = Directory.CreateTempSubdirectory("unit-benchmark-images-");
try
{
    if (Wants("GENERATOR"))
    {
        GeneratorBenchmark.RunIsolated(quick, images);
    }

    if (Wants("SIZE"))
    {
        SizeBenchmark.Run(settings, images, quick);
    }
}
finally
{
    images.Delete(recursive: true);
}

if (Wants("CALIBRATION"))
{
    CalibrationBenchmark.Run(quick);
}

Report.Line();
Report.Line($"Finished in {clock.Elapsed.TotalSeconds:F0} s; load average now {Machine.LoadAverage()}.");
return 0;
