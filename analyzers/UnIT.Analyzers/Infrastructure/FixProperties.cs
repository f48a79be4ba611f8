using System.Collections.Immutable;

namespace UnIT.Analyzers.Infrastructure;

/// <summary>
/// What a code fix should do, carried in <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>: the analyzer
/// computes the values (it has the weights and the calibration), the fixer only edits the attribute the diagnostic is
/// on. Values are C# expression text written invariantly (<c>0.05f</c>).
/// </summary>
internal static class FixProperties
{
    /// <summary>Prefix of "set named argument <c>X</c> to this expression" (added when absent, replaced otherwise).</summary>
    public const string SetPrefix = "Set.";

    /// <summary>Comma-separated named arguments to remove.</summary>
    public const string Remove = "Remove";

    /// <summary>An expression that replaces the node the diagnostic is on (an element of <c>GroupThresholds</c>).</summary>
    public const string Replace = "Replace";

    /// <summary>The code action's title.</summary>
    public const string Title = "Title";

    /// <summary>A builder for the properties of one fix.</summary>
    public static Builder Fix(string title) => new(title);

    /// <summary>Collects the edits of one fix.</summary>
    public sealed class Builder
    {
        private readonly ImmutableDictionary<string, string?>.Builder _properties = ImmutableDictionary.CreateBuilder<string, string?>();

        public Builder(string title) => _properties[Title] = title;

        public Builder Set(string argument, string expression)
        {
            _properties[SetPrefix + argument] = expression;
            return this;
        }

        public Builder Remove(params string[] arguments)
        {
            _properties[FixProperties.Remove] = string.Join(",", arguments);
            return this;
        }

        public Builder Replace(string expression)
        {
            _properties[FixProperties.Replace] = expression;
            return this;
        }

        public ImmutableDictionary<string, string?> Build() => _properties.ToImmutable();
    }
}
