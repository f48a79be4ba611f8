using UnIT.Collections;
using UnIT.Generators.Models;

namespace UnIT.Generators.Planning;

/// <summary>The outcome of planning one network: a model to emit, or the diagnostics that prevent it.</summary>
internal sealed record PlanResult(NetworkModel? Model, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
