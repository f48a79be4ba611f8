using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace UnIT.Benchmarks.Infrastructure;

/// <summary>What one method body looks like to the JIT's size heuristics.</summary>
/// <param name="Name">Declaring type (nested types joined with '+') and method name.</param>
/// <param name="IlBytes">Size of the IL code.</param>
/// <param name="Instructions">IL instructions, counted by walking the opcodes.</param>
/// <param name="BasicBlocks">
/// Approximate basic blocks: distinct block starts, i.e. offset 0, every branch and switch target, every instruction
/// after a branch, return or throw, and every exception-region start (the JIT's importer splits blocks the same way).
/// </param>
/// <param name="Locals">Locals declared in the local signature.</param>
/// <param name="Arguments">Parameters, plus <c>this</c> for instance methods (the JIT numbers these with the locals).</param>
/// <param name="LocalReferences">Instructions that load, store or take the address of a local or argument.</param>
internal sealed record MethodSize(string Name, int IlBytes, int Instructions, int BasicBlocks, int Locals, int Arguments, int LocalReferences);

/// <summary>The compiled size of one assembly.</summary>
/// <param name="ImageBytes">Size of the PE file.</param>
/// <param name="IlBytes">IL code of every method body.</param>
/// <param name="StaticDataBytes">Field RVA data (the <c>ReadOnlySpan&lt;T&gt;</c> constant tables).</param>
/// <param name="Methods">Every method with a body.</param>
internal sealed record AssemblySize(int ImageBytes, long IlBytes, long StaticDataBytes, IReadOnlyList<MethodSize> Methods);

/// <summary>
/// Reads an emitted assembly with System.Reflection.Metadata and measures each method body against the JIT's
/// optimisation limits: above any of them the JIT compiles the method with MinOpts, i.e. unoptimised
/// (<c>Compiler::compSetOptimizationLevel</c> compares IL size, instruction count, basic blocks, local count and local
/// references with the <c>DEFAULT_MIN_OPTS_*</c> constants).
/// </summary>
internal static class IlInspector
{
    /// <summary>The JIT switches a method to MinOpts above these (DEFAULT_MIN_OPTS_* in the JIT's jitconfigvalues.h).</summary>
    public const int MaxIlBytes = 60_000;
    public const int MaxInstructions = 20_000;
    public const int MaxBasicBlocks = 2_000;
    public const int MaxLocals = 2_000;
    public const int MaxLocalReferences = 8_000;

    private static readonly OpCode?[] OneByte = new OpCode?[256];
    private static readonly OpCode?[] TwoByte = new OpCode?[256];

#pragma warning disable CA1810 // A static constructor reads the opcode table once; no field initialiser can express the loop.
    static IlInspector()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            var value = (ushort)opCode.Value;
            if (opCode.Size == 1)
            {
                OneByte[value] = opCode;
            }
            else if ((value >> 8) == 0xFE)
            {
                TwoByte[value & 0xFF] = opCode;
            }
        }
    }

    public static AssemblySize Inspect(byte[] image)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var metadata = pe.GetMetadataReader();
        var methods = new List<MethodSize>();
        long ilBytes = 0;
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            var il = body.GetILBytes()!;
            ilBytes += il.Length;
            var (instructions, blocks, references) = Walk(il, body.ExceptionRegions);
            var locals = body.LocalSignature.IsNil ? 0 : LocalCount(metadata, body.LocalSignature);
            var signature = metadata.GetBlobReader(method.Signature);
            var header = signature.ReadSignatureHeader();
            var arguments = signature.ReadCompressedInteger() + (header.IsInstance ? 1 : 0);
            methods.Add(new MethodSize(Name(metadata, method), il.Length, instructions, blocks, locals, arguments, references));
        }

        long staticData = 0;
        foreach (var handle in metadata.FieldDefinitions)
        {
            var field = metadata.GetFieldDefinition(handle);
            if (field.GetRelativeVirtualAddress() != 0)
            {
                staticData += FieldDataSize(metadata, field);
            }
        }

        return new AssemblySize(image.Length, ilBytes, staticData, methods);
    }

    /// <summary>Counts instructions, basic-block starts and local/argument references.</summary>
    private static (int Instructions, int BasicBlocks, int LocalReferences) Walk(byte[] il, ImmutableArray<ExceptionRegion> regions)
    {
        var starts = new HashSet<int> { 0 };
        foreach (var region in regions)
        {
            starts.Add(region.TryOffset);
            starts.Add(region.HandlerOffset);
            if (region.Kind == ExceptionRegionKind.Filter)
            {
                starts.Add(region.FilterOffset);
            }
        }

        var count = 0;
        var references = 0;
        var position = 0;
        while (position < il.Length)
        {
            count++;
            OpCode opCode;
            if (il[position] == 0xFE)
            {
                opCode = TwoByte[il[position + 1]] ?? throw new InvalidDataException($"Unknown opcode 0xFE{il[position + 1]:X2} at IL_{position:X4}.");
                position += 2;
            }
            else
            {
                opCode = OneByte[il[position]] ?? throw new InvalidDataException($"Unknown opcode 0x{il[position]:X2} at IL_{position:X4}.");
                position++;
            }

            if (IsLocalReference(opCode))
            {
                references++;
            }

            var operandStart = position;
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                    position += 1;
                    starts.Add(position + (sbyte)il[operandStart]);
                    break;
                case OperandType.InlineBrTarget:
                    position += 4;
                    starts.Add(position + BitConverter.ToInt32(il, operandStart));
                    break;
                case OperandType.InlineSwitch:
                    var targets = BitConverter.ToInt32(il, operandStart);
                    position += 4 + (4 * targets);
                    for (var t = 0; t < targets; t++)
                    {
                        starts.Add(position + BitConverter.ToInt32(il, operandStart + 4 + (4 * t)));
                    }

                    break;
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    position += 8;
                    break;
                default:
                    position += 4;
                    break;
            }

            if (opCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw && position < il.Length)
            {
                starts.Add(position);
            }
        }

        return (count, starts.Count(s => s < il.Length), references);
    }

    /// <summary>ldarg*, starg*, ldloc*, stloc*, and their address forms.</summary>
    private static bool IsLocalReference(OpCode opCode) =>
        opCode.Name is { } name && (name.StartsWith("ldarg", StringComparison.Ordinal) || name.StartsWith("starg", StringComparison.Ordinal)
            || name.StartsWith("ldloc", StringComparison.Ordinal) || name.StartsWith("stloc", StringComparison.Ordinal));

    private static int LocalCount(MetadataReader metadata, StandaloneSignatureHandle handle)
    {
        var reader = metadata.GetBlobReader(metadata.GetStandaloneSignature(handle).Signature);
        var header = reader.ReadSignatureHeader();
        return header.Kind == SignatureKind.LocalVariables ? reader.ReadCompressedInteger() : 0;
    }

    private static long FieldDataSize(MetadataReader metadata, FieldDefinition field)
    {
        var reader = metadata.GetBlobReader(field.Signature);
        reader.ReadSignatureHeader();
        var code = reader.ReadSignatureTypeCode();
        switch (code)
        {
            case SignatureTypeCode.TypeHandle:
                var type = reader.ReadTypeHandle();
                return type.Kind == HandleKind.TypeDefinition ? metadata.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout().Size : 0;
            case SignatureTypeCode.Int64:
            case SignatureTypeCode.UInt64:
            case SignatureTypeCode.Double:
                return 8;
            case SignatureTypeCode.Int32:
            case SignatureTypeCode.UInt32:
            case SignatureTypeCode.Single:
                return 4;
            case SignatureTypeCode.Int16:
            case SignatureTypeCode.UInt16:
            case SignatureTypeCode.Char:
                return 2;
            default:
                return 1;
        }
    }

    private static string Name(MetadataReader metadata, MethodDefinition method)
    {
        var names = new List<string>();
        for (var type = method.GetDeclaringType(); !type.IsNil; type = metadata.GetTypeDefinition(type).GetDeclaringType())
        {
            names.Insert(0, metadata.GetString(metadata.GetTypeDefinition(type).Name));
        }

        return string.Join("+", names) + "::" + metadata.GetString(method.Name);
    }
}
