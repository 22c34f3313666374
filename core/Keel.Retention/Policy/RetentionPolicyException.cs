namespace Keel.Retention.Policy;

/// <summary>A retention policy that cannot be used as written; the message lists every problem.</summary>
public sealed class RetentionPolicyException(string origin, IReadOnlyList<string> problems)
    : Exception($"Retention policy {origin} is invalid:\n  - " + string.Join("\n  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
