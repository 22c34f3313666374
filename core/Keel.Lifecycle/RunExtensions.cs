using Keel.Tracking;

namespace Keel.Lifecycle;

internal static class RunExtensions
{
    /// <summary>The address of an artifact the run logged; a run without it was not recorded by the life cycle's training step.</summary>
    public static string ArtifactSha256(this Run run, string name) =>
        run.Artifacts.TryGetValue(name, out var artifact)
            ? artifact.Sha256
            : throw new InvalidDataException($"Run '{run.Id}' has no artifact '{name}' (it has {string.Join(", ", run.Artifacts.Keys.Order(StringComparer.Ordinal))}); was it recorded by a training run of the life cycle?");
}
