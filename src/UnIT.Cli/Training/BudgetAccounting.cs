namespace UnIT.Cli;

/// <summary>How <c>unit prune --structured</c> counts flash and peak RAM (<c>--accounting</c>).</summary>
internal enum BudgetAccounting
{
    /// <summary>What the chip holds once UnIT plans the network: code, tables, and the accumulators of any kernel UnIT may pick.</summary>
    Chip,

    /// <summary>Liberis &amp; Lane's measure: weights and biases, activation buffers alone.</summary>
    Weights,
}
