namespace Keel.Reports;

/// <summary>There is nothing to report on: no such version, or no history for it in the window asked for.</summary>
public sealed class ReportNotFoundException(string message) : Exception(message);
