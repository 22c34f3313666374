namespace Keel.Explain;

/// <summary>An explanation whose contributions do not add up to the score: a bug to report, never a result to show.</summary>
public sealed class AdditivityException(string message) : Exception(message);
