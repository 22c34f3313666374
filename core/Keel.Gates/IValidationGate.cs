using Keel.Gates.Settings;

namespace Keel.Gates;

/// <summary>
/// A check a candidate model must pass before it may be registered to Staging or Production.
/// Gates judge data in the <see cref="GateContext"/> and never a model; add one by registering it
/// with <see cref="GateServiceCollectionExtensions.AddValidationGate{TGate}"/> or passing it to <see cref="GateRunner"/>.
/// </summary>
public interface IValidationGate
{
    /// <summary>The gate's name, which is also its key in the spec's <c>gates</c> section.</summary>
    string Name { get; }

    Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="GateSettingsException"/> when the gate's settings are wrong; gates without settings accept only <c>enabled</c>.</summary>
    void ValidateSettings(GateSettings settings) => settings.EnsureKnown();
}
