using System.Buffers.Binary;
using System.Text;

namespace UnIT.Msp430;

/// <summary>One section of an ELF image: where it is loaded and how many bytes it takes.</summary>
/// <param name="Name">Section name, for example <c>.text</c>.</param>
/// <param name="Address">Load address in the MSP430 address space.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Allocated">Whether the section occupies target memory (SHF_ALLOC), as opposed to debug or attribute data.</param>
public sealed record ElfSection(string Name, int Address, int Size, bool Allocated);

/// <summary>One symbol of an ELF image (a function or an object) with its address and size in bytes.</summary>
/// <param name="Name">Symbol name as the C source spells it.</param>
/// <param name="Address">Address in the MSP430 address space.</param>
/// <param name="Size">Size in bytes (zero for labels and linker-script symbols).</param>
/// <param name="Section">The section that holds it (<c>.text</c>, <c>.rodata</c>, <c>.bss</c>, ...); empty for absolute and undefined symbols.</param>
public sealed record ElfSymbol(string Name, int Address, int Size, string Section);

/// <summary>
/// Reads the section and symbol tables of a 32-bit little-endian ELF file, the format ld.lld writes for the MSP430 (and
/// clang for its object files).
/// Reading them here keeps the harness independent of binutils (llvm-size, llvm-nm).
/// </summary>
public sealed class ElfFile
{
    private const ushort MachineMsp430 = 105;
    private const int SectionTypeSymbolTable = 2;
    private const int SectionFlagAlloc = 0x2;

    private ElfFile(IReadOnlyList<ElfSection> sections, IReadOnlyDictionary<string, ElfSymbol> symbols)
    {
        Sections = sections;
        Symbols = symbols;
    }

    /// <summary>All sections in file order.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Global and local symbols by name (the first definition wins when a name repeats).</summary>
    public IReadOnlyDictionary<string, ElfSymbol> Symbols { get; }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="InvalidDataException"/> if it is not an MSP430 ELF32 file.</summary>
    public static ElfFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 52 || bytes[0] != 0x7F || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F'
            || bytes[4] != 1 || bytes[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a 32-bit little-endian ELF file.");
        }

        if (U16(bytes, 18) != MachineMsp430)
        {
            throw new InvalidDataException($"{path} is not an MSP430 ELF file (machine {U16(bytes, 18)}).");
        }

        var sectionTable = (int)U32(bytes, 32);
        var entrySize = U16(bytes, 46);
        var count = U16(bytes, 48);
        var namesIndex = U16(bytes, 50);
        var headers = Enumerable.Range(0, count).Select(i => SectionHeader.At(bytes, sectionTable + (i * entrySize))).ToArray();
        var names = headers[namesIndex];
        var sections = headers
            .Select(h => new ElfSection(String(bytes, names.Offset + h.NameOffset), h.Address, h.Size, (h.Flags & SectionFlagAlloc) != 0))
            .ToArray();

        var symbols = new Dictionary<string, ElfSymbol>(StringComparer.Ordinal);
        foreach (var table in headers.Where(h => h.Type == SectionTypeSymbolTable))
        {
            var strings = headers[table.Link];
            for (var at = table.Offset + 16; at + 16 <= table.Offset + table.Size; at += 16)
            {
                var name = String(bytes, strings.Offset + (int)U32(bytes, at));
                if (name.Length > 0)
                {
                    var section = U16(bytes, at + 14);
                    symbols.TryAdd(name, new ElfSymbol(name, (int)U32(bytes, at + 4), (int)U32(bytes, at + 8), section < sections.Length ? sections[section].Name : string.Empty));
                }
            }
        }

        return new ElfFile(sections, symbols);
    }

    /// <summary>The symbol named <paramref name="name"/>, or an error that says the image lacks it.</summary>
    public ElfSymbol Symbol(string name) =>
        Symbols.TryGetValue(name, out var symbol)
            ? symbol
            : throw new Msp430ToolException($"The image has no symbol '{name}' (was it dropped as unreferenced, or is it static and inlined?).");

    private static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    private static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    private static string String(byte[] bytes, int at)
    {
        var end = Array.IndexOf(bytes, (byte)0, at);
        return Encoding.ASCII.GetString(bytes, at, (end < 0 ? bytes.Length : end) - at);
    }

    private readonly record struct SectionHeader(int NameOffset, int Type, int Flags, int Address, int Offset, int Size, int Link)
    {
        public static SectionHeader At(byte[] bytes, int at) => new(
            (int)U32(bytes, at), (int)U32(bytes, at + 4), (int)U32(bytes, at + 8), (int)U32(bytes, at + 12),
            (int)U32(bytes, at + 16), (int)U32(bytes, at + 20), (int)U32(bytes, at + 24));
    }
}
