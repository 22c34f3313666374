namespace Keel.ModelRegistry;

/// <summary>A stage change that <see cref="StageRules"/> does not allow.</summary>
public sealed class InvalidStageTransitionException : ModelRegistryException
{
    public InvalidStageTransitionException(string model, int version, ModelStage from, ModelStage to)
        : base(Describe(model, version, from, to))
    {
        From = from;
        To = to;
    }

    public ModelStage From { get; }

    public ModelStage To { get; }

    public IReadOnlyList<ModelStage> Allowed => StageRules.AllowedFrom(From);

    private static string Describe(string model, int version, ModelStage from, ModelStage to) =>
        from == to
            ? $"Version {version} of model '{model}' is already in {from}."
            : $"Version {version} of model '{model}' cannot move from {from} to {to}; from {from} it may move to {string.Join(" or ", StageRules.AllowedFrom(from))}.";
}
