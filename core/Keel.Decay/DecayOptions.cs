namespace Keel.Decay;

/// <summary>
/// Decay tracking (<c>Keel:Monitoring:Decay</c>). Every setting has an embedded default; a model
/// may override the judging settings under <c>Models:{name}</c>.
/// </summary>
public sealed class DecayOptions
{
    public const string Section = "Keel:Monitoring:Decay";

    /// <summary>How long a prediction waits for its label, and a label for its prediction; older ones are pruned (labels counted as expired).</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many labels wait for their predictions; beyond it the oldest waiting label is expired.</summary>
    public int MaxWaitingLabels { get; set; } = 100_000;

    /// <summary>How often (at most) pruning runs, as a side effect of handling events.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after an alert the same version may alert again while it stays degraded.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(24);

    public DecayJudging Defaults { get; set; } = new();

    /// <summary>Per-model overrides of <see cref="Defaults"/>, by model name; unset fields take the defaults.</summary>
    public Dictionary<string, DecayJudging> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The settings that judge one model: its overrides over the defaults.</summary>
    public DecayJudging For(string model)
    {
        if (!Models.TryGetValue(model, out var own))
        {
            return Defaults;
        }
        var margins = new Dictionary<string, double>(Defaults.Margins, StringComparer.Ordinal);
        foreach (var (metric, margin) in own.Margins)
        {
            margins[metric] = margin;
        }
        return new DecayJudging
        {
            Window = own.Window ?? Defaults.Window,
            TimeWindow = own.TimeWindow ?? Defaults.TimeWindow,
            MinLabels = own.MinLabels ?? Defaults.MinLabels,
            Margins = margins,
        };
    }
}

/// <summary>What live metrics are computed over and how far they may fall below the registered ones.</summary>
public sealed class DecayJudging
{
    public const int DefaultWindow = 1000;
    public const int DefaultMinLabels = 200;

    /// <summary>The latest this many labelled predictions (default 1,000).</summary>
    public int? Window { get; set; }

    /// <summary>Only labelled predictions made within this time before now; no time limit when null.</summary>
    public TimeSpan? TimeWindow { get; set; }

    /// <summary>No verdict on fewer labels than this (default 200).</summary>
    public int? MinLabels { get; set; }

    /// <summary>Metric name → how far below the registered holdout value the live value may fall. Defaults: auc and accuracy by 0.05.</summary>
    public Dictionary<string, double> Margins { get; set; } = new(StringComparer.Ordinal) { ["auc"] = 0.05, ["accuracy"] = 0.05 };

    public int WindowSize => Window ?? DefaultWindow;

    public int MinimumLabels => MinLabels ?? DefaultMinLabels;
}
