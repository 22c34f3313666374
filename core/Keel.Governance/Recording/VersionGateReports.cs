using Keel.Gates;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;

namespace Keel.Governance;

/// <summary>The gate report a version was registered with, read from the artifact the registry attached to it.</summary>
public sealed class VersionGateReports(IArtifactStore artifacts)
{
    /// <returns>The report and its artifact's SHA-256, or null when the version carries none (registered by hand).</returns>
    public async Task<(GateReport Report, string Sha256)?> ReadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!version.Artifacts.TryGetValue(ArtifactNames.GateReportJson, out var artifact))
        {
            return null;
        }
        var report = GateReport.FromJson(await artifacts.ReadTextAsync(artifact.Sha256, cancellationToken));
        return (report, artifact.Sha256);
    }
}
