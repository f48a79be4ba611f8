namespace UnIT.Cli;

/// <summary>How <c>unit evaluate</c> prints.</summary>
internal enum ReportFormat
{
    /// <summary>A table.</summary>
    Text,

    /// <summary>Markdown.</summary>
    Markdown,

    /// <summary>JSON.</summary>
    Json,
}
