namespace UnIT.Model;

/// <summary>
/// One tap of a convolution: weight <c>(o, c, ky, kx)</c> and where it reads relative to its window's origin.
/// </summary>
/// <param name="WeightIndex">Flat index into <c>[out, in/groups, kh, kw]</c>.</param>
/// <param name="OutputChannel">Output channel <c>o</c>.</param>
/// <param name="InputChannel">Input channel <c>c</c> (within <c>o</c>'s group).</param>
/// <param name="KernelRow">Kernel row <c>ky</c>.</param>
/// <param name="KernelColumn">Kernel column <c>kx</c>.</param>
/// <param name="RowOffset">Input row relative to the window origin: <c>ky·dh</c>.</param>
/// <param name="ColumnOffset">Input column relative to the window origin: <c>kx·dw</c>.</param>
/// <param name="InputOffset">Flat input offset relative to the origin of channel 0: <c>c·H·W + ky·dh·W + kx·dw</c>.</param>
public readonly record struct ConvTap(
    int WeightIndex, int OutputChannel, int InputChannel, int KernelRow, int KernelColumn, int RowOffset, int ColumnOffset, int InputOffset);
