using UnIT.Benchmarks;
using UnIT.Benchmarks.Infrastructure;

// dotnet run -c Release --project tests/UnIT.Benchmarks -- [kernels|ledger|generator|size|all] [--quick]
if (args.Length == 2 && args[0] == JitCheck.ChildSwitch)
{
    return JitCheck.Child(args[1]);
}

var quick = args.Contains("--quick");
var layers = args.Contains("--layers");
var parts = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.ToUpperInvariant()).ToArray();
var known = new[] { "KERNELS", "LEDGER", "GENERATOR", "SIZE", "ALL" };
if (args.Contains("--help") || args.Contains("-h") || parts.Any(p => !known.Contains(p)))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/UnIT.Benchmarks -- [kernels|ledger|generator|size|all] [--quick]");
    Console.WriteLine("  kernels    generated kernels vs the reference interpreter (ledger on for both)");
    Console.WriteLine("  ledger     generated kernels with vs without the ledger");
    Console.WriteLine("  generator  generator wall time (parse+plan+emit, then Roslyn Emit) for LeNet and a 100,000-weight MLP");
    Console.WriteLine("  size       IL size of the generated code and every method against the JIT's optimisation limits");
    Console.WriteLine("  all        everything (the default)");
    Console.WriteLine("  --quick    shorter warm-up and fewer rounds (about two minutes for `all`)");
    Console.WriteLine("  --layers   also time each generated layer method alone (kernels/ledger)");
    return parts.Any(p => !known.Contains(p)) ? 2 : 0;
}

bool Wants(string part) => parts.Length == 0 || parts.Contains("ALL") || parts.Contains(part);

var settings = LeNetSettings.Default;
var timer = quick ? TimerOptions.Quick : TimerOptions.Full;
Machine.Print(quick, settings);
var clock = System.Diagnostics.Stopwatch.StartNew();
if (Wants("KERNELS") || Wants("LEDGER"))
{
    KernelBenchmark.Run(Wants("KERNELS"), Wants("LEDGER"), layers, timer, settings);
}

if (Wants("GENERATOR"))
{
    GeneratorBenchmark.Run(quick, settings);
}

if (Wants("SIZE"))
{
    SizeBenchmark.Run(settings);
}

Report.Line();
Report.Line($"Finished in {clock.Elapsed.TotalSeconds:F0} s; load average now {Machine.LoadAverage()}.");
return 0;
