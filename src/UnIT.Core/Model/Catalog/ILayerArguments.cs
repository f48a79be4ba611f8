using UnIT.Collections;

namespace UnIT.Model.Catalog;

/// <summary>
/// The arguments of one layer attribute as written: the generator and the analyzers read them from Roslyn's
/// attribute data, other readers from their own syntax. "Not written" is distinct from "written as 0".
/// </summary>
public interface ILayerArguments
{
    /// <summary>Whether the named argument <paramref name="name"/> is written.</summary>
    bool Has(string name);

    /// <summary>Named argument <paramref name="name"/> as an int, or <paramref name="fallback"/>.</summary>
    int Int(string name, int fallback);

    /// <summary>Named argument <paramref name="name"/> as a bool, or <paramref name="fallback"/>.</summary>
    bool Bool(string name, bool fallback);

    /// <summary>Named argument <paramref name="name"/> as a float, or null when not written.</summary>
    float? Float(string name);

    /// <summary>Named argument <paramref name="name"/> as a float array, or empty.</summary>
    ImmutableEquatableArray<float> Floats(string name);

    /// <summary>Constructor argument <paramref name="index"/> as a string, or the empty string.</summary>
    string ConstructorString(int index);

    /// <summary>Constructor argument <paramref name="index"/> as an int, or 0.</summary>
    int ConstructorInt(int index);
}
