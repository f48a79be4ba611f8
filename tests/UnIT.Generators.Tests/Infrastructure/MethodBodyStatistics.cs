using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace UnIT.Generators.Tests.Infrastructure;

/// <summary>
/// What the JIT sees of each method: IL bytes, instructions, basic blocks (branches and their targets), locals.
/// The JIT stops optimising methods past 60,000 IL bytes, 20,000 instructions, 2,000 basic blocks or 2,000 locals.
/// </summary>
public sealed record MethodBodyStatistics(string Method, int ILBytes, int Instructions, int BasicBlocks, int Locals)
{
    public static IReadOnlyList<MethodBodyStatistics> Read(byte[] image)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var metadata = pe.GetMetadataReader();
        var results = new List<MethodBodyStatistics>();
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            var type = metadata.GetTypeDefinition(method.GetDeclaringType());
            var name = $"{metadata.GetString(type.Name)}.{metadata.GetString(method.Name)}";
            var locals = body.LocalSignature.IsNil
                ? 0
                : metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(new CountingProvider(), null).Length;
            var (instructions, blocks) = Decode(body.GetILBytes()!);
            results.Add(new MethodBodyStatistics(name, body.Size, instructions, blocks, locals));
        }

        return results;
    }

    /// <summary>Counts instructions, and basic blocks as 1 + branch instructions + distinct branch targets.</summary>
    private static (int Instructions, int Blocks) Decode(byte[] il)
    {
        var instructions = 0;
        var branches = 0;
        var targets = new HashSet<int>();
        var reader = new BlobReader();
        unsafe
        {
            fixed (byte* pointer = il)
            {
                reader = new BlobReader(pointer, il.Length);
                while (reader.RemainingBytes > 0)
                {
                    instructions++;
                    var code = (int)reader.ReadByte();
                    if (code == 0xFE)
                    {
                        code = 0xFE00 | reader.ReadByte();
                    }

                    var opcode = (ILOpCode)code;
                    switch (OperandKind(opcode))
                    {
                        case Operand.ShortBranch:
                            var shortOffset = reader.ReadSByte();
                            branches++;
                            targets.Add(reader.Offset + shortOffset);
                            break;
                        case Operand.Branch:
                            var offset = reader.ReadInt32();
                            branches++;
                            targets.Add(reader.Offset + offset);
                            break;
                        case Operand.Switch:
                            var count = reader.ReadInt32();
                            var start = reader.Offset + (4 * count);
                            for (var i = 0; i < count; i++)
                            {
                                targets.Add(start + reader.ReadInt32());
                            }

                            branches++;
                            break;
                        case Operand.One: reader.ReadByte(); break;
                        case Operand.Two: reader.ReadInt16(); break;
                        case Operand.Four: reader.ReadInt32(); break;
                        case Operand.Eight: reader.ReadInt64(); break;
                    }
                }
            }
        }

        return (instructions, 1 + branches + targets.Count);
    }

    private enum Operand { None, One, Two, Four, Eight, ShortBranch, Branch, Switch }

    private static Operand OperandKind(ILOpCode opcode) => opcode switch
    {
        ILOpCode.Br_s or ILOpCode.Brfalse_s or ILOpCode.Brtrue_s or ILOpCode.Beq_s or ILOpCode.Bge_s or ILOpCode.Bgt_s or ILOpCode.Ble_s
            or ILOpCode.Blt_s or ILOpCode.Bne_un_s or ILOpCode.Bge_un_s or ILOpCode.Bgt_un_s or ILOpCode.Ble_un_s or ILOpCode.Blt_un_s
            or ILOpCode.Leave_s => Operand.ShortBranch,
        ILOpCode.Br or ILOpCode.Brfalse or ILOpCode.Brtrue or ILOpCode.Beq or ILOpCode.Bge or ILOpCode.Bgt or ILOpCode.Ble or ILOpCode.Blt
            or ILOpCode.Bne_un or ILOpCode.Bge_un or ILOpCode.Bgt_un or ILOpCode.Ble_un or ILOpCode.Blt_un or ILOpCode.Leave => Operand.Branch,
        ILOpCode.Switch => Operand.Switch,
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
            or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => Operand.One,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => Operand.Two,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => Operand.Eight,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Cpobj
            or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox
            or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj
            or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
            or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Initobj
            or ILOpCode.Constrained or ILOpCode.Sizeof => Operand.Four,
        _ => Operand.None,
    };

    /// <summary>Decodes local signatures just far enough to count them.</summary>
    private sealed class CountingProvider : ISignatureTypeProvider<int, object?>
    {
        public int GetArrayType(int elementType, ArrayShape shape) => 0;
        public int GetByReferenceType(int elementType) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
        public int GetGenericMethodParameter(object? genericContext, int index) => 0;
        public int GetGenericTypeParameter(object? genericContext, int index) => 0;
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
        public int GetPinnedType(int elementType) => 0;
        public int GetPointerType(int elementType) => 0;
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
        public int GetSZArrayType(int elementType) => 0;
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => 0;
    }
}
