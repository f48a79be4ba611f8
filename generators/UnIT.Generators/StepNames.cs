namespace UnIT.Generators;

/// <summary>Tracking names of the pipeline steps, so incremental tests can assert on each one.</summary>
internal static class StepNames
{
    public const string Networks = "UnIT.Networks";
    public const string WeightFiles = "UnIT.WeightFiles";
    public const string CalibrationFiles = "UnIT.CalibrationFiles";
    public const string Options = "UnIT.Options";
    public const string Inputs = "UnIT.Inputs";
    public const string Plans = "UnIT.Plans";
    public const string Models = "UnIT.Models";
    public const string Fallbacks = "UnIT.Fallbacks";
    public const string Diagnostics = "UnIT.Diagnostics";
}
