namespace Keel.Monitoring;

/// <summary>How long judged windows are kept for reports (<c>Keel:Monitoring:DriftHistory</c>).</summary>
public sealed class DriftHistoryOptions
{
    public const string Section = "Keel:Monitoring:DriftHistory";

    /// <summary>Windows that ended longer ago than this are deleted when the next window is recorded.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    public void Validate()
    {
        if (Retention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{Section}: Retention must be positive.");
        }
    }
}
