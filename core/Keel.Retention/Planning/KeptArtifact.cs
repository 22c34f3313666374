namespace Keel.Retention.Planning;

/// <summary>
/// A blob that a rule would have released for some owner but that stays where it is, and why: it is
/// protected (stage, approval, audit, lineage), or another owner still keeps it. Listed so that a
/// plan explains what it leaves alone, not only what it does.
/// </summary>
/// <param name="KeptBy">The owner whose verdict keeps it; null where a report hides another tenant's owner.</param>
public sealed record KeptArtifact(string Sha256, long Bytes, string WantedBy, string Reason, ArtifactOwner? KeptBy, IReadOnlyList<ArtifactOwner> Owners);
