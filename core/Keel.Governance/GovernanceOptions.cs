namespace Keel.Governance;

/// <summary>Settings of governance (<c>Keel:Governance</c>); the embedded defaults need none.</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Keel:Governance";

    /// <summary>
    /// How long a prediction stays answerable by id. Regulated lending is asked to explain decisions for
    /// a year or more, so the default keeps them 400 days.
    /// </summary>
    public TimeSpan PredictionRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>The prediction index; default <c>governance/predictions.db</c> under <c>Keel:DataDir</c>.</summary>
    public string? PredictionIndexPath { get; set; }

    public void Validate()
    {
        if (PredictionRetention <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:PredictionRetention must be positive (was {PredictionRetention}).");
        }
    }
}
