using Keel.Gates;
using Keel.Gates.Settings;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>
/// What a spec needs beyond being a valid training spec before the life cycle spends time on it:
/// every registered version gets a model card, which names its purpose, owner and intended use;
/// and the gate settings must be ones the gates accept, or the run would only fail at the gates.
/// </summary>
public static class SpecRequirements
{
    public static IReadOnlyList<string> ProblemsOf(TrainingSpec spec, GateRunner gates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(gates);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(spec.Description))
        {
            problems.Add("description: what the model is for is required; it opens the model card of every version");
        }
        if (string.IsNullOrWhiteSpace(spec.Owner))
        {
            problems.Add("owner: who answers for the model is required; it is the registered model's owner and goes to the model card");
        }
        if (string.IsNullOrWhiteSpace(spec.IntendedUse))
        {
            problems.Add("intended_use: how the model may be used is required; it goes to the model card");
        }
        try
        {
            gates.ValidateSettings(spec.Gates);
        }
        catch (GateSettingsException error)
        {
            problems.Add(error.Message);
        }
        return problems;
    }
}
