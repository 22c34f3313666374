namespace Keel.Retention.Planning;

/// <summary>
/// Something that refers to a stored blob: a run (<c>run:&lt;id&gt;</c>) or a registered version
/// (<c>model:&lt;name&gt;:&lt;version&gt;</c>) of one tenant, under one of its artifact names. The
/// target is written as the audit log writes it, so a plan's owner is also where its audit entry goes.
/// </summary>
public sealed record ArtifactOwner(string Tenant, string Target, string ArtifactName);
