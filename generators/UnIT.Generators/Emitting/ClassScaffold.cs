using UnIT.Generators.Models;

namespace UnIT.Generators.Emitting;

/// <summary>
/// The frame every generated file shares: the user's namespace, the types around the class, and the partial class
/// itself, so the generated members land on the user's declaration.
/// </summary>
internal static class ClassScaffold
{
    /// <summary>Writes the frame around <paramref name="body"/>; <paramref name="usings"/> go inside the namespace.</summary>
    public static void Write(SourceWriter w, ClassInfo target, Action<SourceWriter> usings, Action<SourceWriter> body)
    {
        var scopes = new List<SourceWriter.Scope>();
        if (target.Namespace.Length > 0)
        {
            scopes.Add(w.Block($"namespace {target.Namespace}"));
        }

        usings(w);
        foreach (var outer in target.ContainingTypes)
        {
            scopes.Add(w.Block(outer));
        }

        using (w.Block($"{(target.IsStatic ? "static " : string.Empty)}partial class {target.Name}"))
        {
            body(w);
        }

        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            scopes[i].Dispose();
        }
    }
}
