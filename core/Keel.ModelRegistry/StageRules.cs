namespace Keel.ModelRegistry;

/// <summary>
/// Which stage changes the registry allows. A version is staged before it can serve, leaves
/// Production only by being archived, and comes back from Archived only through Staging, so
/// that a rollback to an old version passes the same promotion step (and leaves the same
/// record) as a new version would.
/// </summary>
public static class StageRules
{
    private static readonly IReadOnlyDictionary<ModelStage, IReadOnlyList<ModelStage>> Allowed = new Dictionary<ModelStage, IReadOnlyList<ModelStage>>
    {
        [ModelStage.None] = [ModelStage.Staging, ModelStage.Archived],
        [ModelStage.Staging] = [ModelStage.Production, ModelStage.None, ModelStage.Archived],
        [ModelStage.Production] = [ModelStage.Archived],
        [ModelStage.Archived] = [ModelStage.Staging],
    };

    /// <summary>The stages a version in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<ModelStage> AllowedFrom(ModelStage from) => Allowed.TryGetValue(from, out var to) ? to : [];

    public static bool IsAllowed(ModelStage from, ModelStage to) => AllowedFrom(from).Contains(to);
}
