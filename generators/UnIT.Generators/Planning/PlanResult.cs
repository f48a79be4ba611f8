using UnIT.Collections;
using UnIT.Generators.Models;

namespace UnIT.Generators.Planning;

/// <summary>
/// The outcome of planning one network: a model to emit, or the diagnostics that prevent it and, when the class can
/// take generated members, the <see cref="FallbackClass"/> that keeps its uses compiling.
/// </summary>
internal sealed record PlanResult(NetworkModel? Model, ImmutableEquatableArray<DiagnosticInfo> Diagnostics, FallbackClass? Fallback = null);
