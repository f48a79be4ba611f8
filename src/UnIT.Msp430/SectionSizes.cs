namespace UnIT.Msp430;

/// <summary>
/// Bytes an image takes per output section. Flash counts code and constants (<c>.text+.rodata</c>); RAM counts data and
/// zero-initialised data (<c>.data+.bss</c>) without the stack. On the real part the initial values of <c>.data</c>
/// also occupy FRAM (the startup code copies them); the exported kernels keep <c>.data</c> empty.
/// </summary>
/// <param name="Text">Code.</param>
/// <param name="Rodata">Constants: weights, tables.</param>
/// <param name="Data">Initialised variables.</param>
/// <param name="Bss">Zero-initialised variables: activation buffers.</param>
/// <param name="Persistent">Variables kept in FRAM (<c>.persistent</c>): activation buffers that outgrow SRAM.</param>
public sealed record SectionSizes(int Text, int Rodata, int Data, int Bss, int Persistent = 0)
{
    /// <summary>FRAM the program needs: <c>.text+.rodata</c>.</summary>
    public int Flash => Text + Rodata;

    /// <summary>SRAM the program's variables need: <c>.data+.bss</c> (the stack comes on top).</summary>
    public int Ram => Data + Bss;

    /// <summary>All variable memory: <see cref="Ram"/> plus the buffers kept in FRAM.</summary>
    public int Variables => Ram + Persistent;

    /// <summary>Sums the allocated sections of <paramref name="elf"/> by their output-section name.</summary>
    public static SectionSizes Of(ElfFile elf)
    {
        ArgumentNullException.ThrowIfNull(elf);
        int Sum(string name) => elf.Sections.Where(s => s.Allocated && s.Name == name).Sum(s => s.Size);
        return new SectionSizes(Sum(".text"), Sum(".rodata"), Sum(".data"), Sum(".bss"), Sum(".persistent"));
    }
}
