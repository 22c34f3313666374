using Microsoft.Extensions.Configuration;

namespace Keel.Monitoring;

/// <summary>
/// When drift starts a retraining (<c>Keel:Monitoring:Retrain</c>), with one <see cref="CoolDown"/>
/// after each start so that one shift does not start a storm of retrainings. A model overrides
/// these under <c>Keel:Monitoring:Retrain:&lt;model&gt;</c> (<see cref="ModelRetrainOverride"/>).
/// </summary>
public sealed class RetrainOptions
{
    public const string Section = "Keel:Monitoring:Retrain";

    public TimeSpan CoolDown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Retrain on dataset drift unless the model says otherwise.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retrain when only the score drifted; off by default, since the score moves with the population it serves.</summary>
    public bool OnScoreDrift { get; set; }
}

/// <summary>One model's settings under <c>Keel:Monitoring:Retrain:&lt;model&gt;</c>; null takes the default.</summary>
public sealed class ModelRetrainOverride
{
    public bool? Enabled { get; set; }

    public bool? OnScoreDrift { get; set; }

    public TimeSpan? CoolDown { get; set; }
}

/// <summary>What a model's drift alert may start.</summary>
public sealed record RetrainPolicy(bool Enabled, bool OnScoreDrift, TimeSpan CoolDown)
{
    public bool Wants(bool datasetDrift, bool scoreDrift) => Enabled && (datasetDrift || (OnScoreDrift && scoreDrift));
}

/// <summary>Every model's retraining policy, read from configuration.</summary>
public sealed class RetrainPolicies(RetrainOptions defaults, IReadOnlyDictionary<string, ModelRetrainOverride> models)
{
    public static RetrainPolicies From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(RetrainOptions.Section);
        var defaults = section.Get<RetrainOptions>() ?? new RetrainOptions();
        // A child with children of its own is a model; the defaults are plain values.
        var models = section.GetChildren()
            .Where(child => child.GetChildren().Any())
            .ToDictionary(child => child.Key, child => child.Get<ModelRetrainOverride>() ?? new ModelRetrainOverride(), StringComparer.Ordinal);
        return new RetrainPolicies(defaults, models);
    }

    public RetrainPolicy For(string model) =>
        models.TryGetValue(model, out var own)
            ? new RetrainPolicy(own.Enabled ?? defaults.Enabled, own.OnScoreDrift ?? defaults.OnScoreDrift, own.CoolDown ?? defaults.CoolDown)
            : new RetrainPolicy(defaults.Enabled, defaults.OnScoreDrift, defaults.CoolDown);
}
