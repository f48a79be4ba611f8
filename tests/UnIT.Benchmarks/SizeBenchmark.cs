using UnIT.Benchmarks.Infrastructure;
using static UnIT.Benchmarks.Infrastructure.Report;

namespace UnIT.Benchmarks;

/// <summary>
/// Part 4: compiled size of the generated code (PE bytes, IL bytes, constant data, methods) and every generated
/// method against the JIT's optimisation limits, decoded from the emitted assemblies with System.Reflection.Metadata;
/// then the JIT itself is asked (in a child process) which generated methods it would compile unoptimised.
/// </summary>
internal static class SizeBenchmark
{
    /// <summary>Measures; reuses assemblies the generator part left in <paramref name="saved"/> (the MLPs take a while to compile).</summary>
    public static void Run(LeNetSettings settings, DirectoryInfo? saved, bool quick)
    {
        Heading("4. Compiled size of the generated code and the JIT's limits");
        var images = new List<(string Title, string ClassName, byte[] Image)>();
        var weights = Networks.LeNetWeights();
        foreach (var format in new[] { NumberFormat.Float32, NumberFormat.Q15 })
        {
            foreach (var implementation in new[] { KernelImplementation.Gather, KernelImplementation.Sorted, KernelImplementation.Bucketed })
            {
                Console.Error.WriteLine($"  compiling LeNet {format} {implementation} ...");
                var name = $"LeNet{format}{implementation}";
                var build = InMemoryBuild.Generate(Networks.Source([Networks.LeNet(name, format, implementation, settings)]), Networks.LeNetWeightFile, weights);
                images.Add(($"LeNet {format} {implementation}", name, InMemoryBuild.Emit(build.Output).Image));
            }
        }

        foreach (var format in new[] { NumberFormat.Float32, NumberFormat.Q15 })
        {
            Console.Error.WriteLine($"  compiling the Conv2d(64→16, k3) {format} Gather probe ...");
            var name = $"WideConv{format}Gather";
            var build = InMemoryBuild.Generate(Networks.Source([Networks.WideConv(name, format)]), Networks.WideConvWeightFile, Networks.WideConvWeights());
            images.Add(($"probe: Conv2d(64→16, k3) {format} Gather", name, InMemoryBuild.Emit(build.Output).Image));
        }

        foreach (var c in GeneratorBenchmark.Cases(settings, quick))
        {
            var file = saved is null ? null : Path.Combine(saved.FullName, c.ClassName + ".dll");
            var image = file is not null && File.Exists(file) ? File.ReadAllBytes(file) : null;
            if (image is null)
            {
                Console.Error.WriteLine($"  compiling {c.Title} ...");
                var build = InMemoryBuild.Generate(Networks.Source([c.Declaration]), c.WeightFileName, c.Weights(), c.Properties);
                image = InMemoryBuild.Emit(build.Output).Image;
            }

            images.Add((c.Title, c.ClassName, image));
        }

        var sizes = images.Select(i => (i.Title, Size: IlInspector.Inspect(i.Image))).ToArray();
        Line($"Per assembly (one network each; the methods are all generated, plus the compiler's <PrivateImplementationDetails>). 'constant data' is the field-RVA data behind the ReadOnlySpan<T> tables. The two 'probe' rows are not part of the issue's networks: a Conv2d(64→16, k3) on 64x10x10 (576 taps per output channel, 9,216 weights, so unrolled under the default knob) checks how output-stationary kernels are split into methods.");
        Line();
        Table(["network", "PE file", "IL bytes", "constant data", "methods", "largest method (IL bytes)", "max instructions", "max blocks (approx.)", "max locals", "max local refs"],
            sizes.Select(s =>
            {
                var largest = s.Size.Methods.MaxBy(m => m.IlBytes)!;
                return new[]
                {
                    s.Title,
                    N(s.Size.ImageBytes),
                    N(s.Size.IlBytes),
                    N(s.Size.StaticDataBytes),
                    N(s.Size.Methods.Count),
                    $"{N(largest.IlBytes)} ({Short(largest.Name)})",
                    N(s.Size.Methods.Max(m => m.Instructions)),
                    N(s.Size.Methods.Max(m => m.BasicBlocks)),
                    N(s.Size.Methods.Max(m => m.Locals)),
                    N(s.Size.Methods.Max(m => m.LocalReferences)),
                };
            }));

        var all = sizes.SelectMany(s => s.Size.Methods.Select(m => (s.Title, Method: m))).ToArray();
        Line();
        Line($"Worst values over all {N(all.Length)} methods of the {sizes.Length} assemblies, against the JIT's MinOpts thresholds:");
        Line();
        Table(["measure", "worst", "method", "JIT limit", "verdict"],
        [
            Worst(all, "IL bytes", m => m.IlBytes, IlInspector.MaxIlBytes),
            Worst(all, "IL instructions", m => m.Instructions, IlInspector.MaxInstructions),
            Worst(all, "basic blocks (approx.)", m => m.BasicBlocks, IlInspector.MaxBasicBlocks),
            Worst(all, "locals", m => m.Locals, IlInspector.MaxLocals),
            Worst(all, "locals + arguments", m => m.Locals + m.Arguments, IlInspector.MaxLocals),
            Worst(all, "local/argument references", m => m.LocalReferences, IlInspector.MaxLocalReferences),
        ]);
        var over = all.Where(a => a.Method.IlBytes > IlInspector.MaxIlBytes || a.Method.Instructions > IlInspector.MaxInstructions
            || a.Method.BasicBlocks > IlInspector.MaxBasicBlocks || a.Method.Locals + a.Method.Arguments > IlInspector.MaxLocals
            || a.Method.LocalReferences > IlInspector.MaxLocalReferences).ToArray();
        Line();
        var overByAssembly = over.GroupBy(o => o.Title).Select(g => $"{g.Key}: {Compact(g.Select(o => Short(o.Method.Name)).ToArray())}");
        Line($"Methods over a limit: {(over.Length == 0 ? "none" : string.Join("; ", overByAssembly))}.");

        JitCheck.Run(images);
    }

    private static string[] Worst((string Title, MethodSize Method)[] all, string measure, Func<MethodSize, int> value, int limit)
    {
        var worst = all.MaxBy(a => value(a.Method));
        var v = value(worst.Method);
        return [measure, N(v), $"{worst.Title}: {Short(worst.Method.Name)}", N(limit), v <= limit ? $"ok ({F(100.0 * v / limit, 0)} % of the limit)" : "OVER"];
    }

    /// <summary><c>LeNet+UnitKernels::Layer3_Inputs0</c> → <c>Layer3_Inputs0</c>; methods of the network class keep its name.</summary>
    private static string Short(string name)
    {
        var separator = name.IndexOf("::", StringComparison.Ordinal);
        var type = name[..separator];
        var method = name[(separator + 2)..];
        return type.EndsWith("+UnitKernels", StringComparison.Ordinal) ? method : $"{type[(type.LastIndexOf('+') + 1)..]}.{method}";
    }
}
