namespace Keel.ModelRegistry;

/// <summary>
/// A further artifact of a version (its ML.NET model, gate report, model card), named within
/// the version and addressed by the SHA-256 of its bytes in the artifact store. Once attached
/// under a name it is never replaced.
/// </summary>
public sealed record VersionArtifact(string Name, string Sha256, string AttachedBy, DateTimeOffset AttachedAt);
