namespace UnIT.Training.Optimizers;

/// <summary>Updates parameters from their gradients; keeps per-parameter state (momentum, moments) between steps.</summary>
public interface IOptimizer
{
    /// <summary>The learning rate of the next steps (starts at the settings' rate; schedules change it).</summary>
    double LearningRate { get; set; }

    /// <summary>Number of steps taken so far.</summary>
    int Steps { get; }

    /// <summary>One update of every parameter from its current <see cref="Parameter.Gradient"/>.</summary>
    void Step(IReadOnlyList<Parameter> parameters);
}
