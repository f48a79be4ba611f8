namespace UnIT.Training.Data.Shifts;

/// <summary>The three kinds of domain shift a deployed digit classifier meets (as grouped by MNIST-C, Mu and Gilmer 2019).</summary>
public enum ShiftKind
{
    /// <summary>Sensor noise: every pixel disturbed independently.</summary>
    Noise,

    /// <summary>Where and how the digit lies: rotated, sheared, scaled, moved.</summary>
    Geometry,

    /// <summary>How the image is exposed: brightness, contrast, fog, focus.</summary>
    Photometry,
}
