namespace Keel.Retention.Policy;

/// <summary>Whether a policy run only reports what it would do, or does it.</summary>
public enum RetentionMode
{
    DryRun,
    Apply,
}
