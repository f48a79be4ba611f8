namespace UnIT.Training.Data.Shifts;

/// <summary>
/// The domain shifts of the MNIST sample, one fixed severity each (docs/domain-shift.md says why these): moderate
/// enough that the clean model still recognises most digits, strong enough to cost it accuracy.
/// </summary>
public static class MnistShifts
{
    /// <summary>Every shift: noise, then geometry, then photometry.</summary>
    public static IReadOnlyList<DigitShift> All { get; } =
    [
        new GaussianNoiseShift(sigma: 0.3),
        new ShotNoiseShift(photons: 10),
        new ImpulseNoiseShift(share: 0.1),
        AffineShift.Rotation(degrees: 30),
        AffineShift.Shear(factor: 0.5),
        AffineShift.Scale(factor: 0.6),
        new TranslationShift(pixels: 4),
        new BrightnessShift(offset: 0.4),
        new ContrastShift(factor: 0.3),
        new FogShift(strength: 0.5),
        new BlurShift(sigma: 1.5f),
    ];

    /// <summary>The shift called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No shift has that name.</exception>
    public static DigitShift Named(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"No shift '{name}'; use one of {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));
}
