using Keel.ModelRegistry;
using Keel.Tracking;

namespace Keel.Retention.Planning;

/// <summary>
/// Everything of one tenant that can refer to a blob: its versions (with when each archived one was
/// archived) and its runs. <see cref="Incomplete"/> is set when a listing hit its limit, so that some
/// runs, and the blobs they refer to, may be missing.
/// </summary>
internal sealed record TenantScan(
    string Tenant,
    IReadOnlyList<ScannedVersion> Versions,
    IReadOnlyDictionary<string, Run> Runs,
    IReadOnlyList<string> Warnings,
    bool Incomplete);

/// <summary>A version and, when it is archived, the moment of its last move to Archived.</summary>
internal sealed record ScannedVersion(ModelVersion Version, DateTimeOffset? ArchivedAt);
