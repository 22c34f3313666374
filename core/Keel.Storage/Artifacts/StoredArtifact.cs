namespace Keel.Storage.Artifacts;

/// <summary>
/// One artifact as the store holds it: its address, size and when it was stored. The media type
/// is not here: it belongs to each <see cref="ArtifactRef"/> that refers to the bytes, as in an
/// OCI descriptor, because the same bytes may be referred to under more than one media type.
/// </summary>
public sealed record StoredArtifact(string Sha256, long Size, DateTimeOffset StoredAt);
