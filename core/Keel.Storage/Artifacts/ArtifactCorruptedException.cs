namespace Keel.Storage.Artifacts;

/// <summary>A stored file no longer hashes to its name: it was changed or damaged after it was stored.</summary>
public sealed class ArtifactCorruptedException(string sha256, string actualSha256, string path)
    : Exception($"The artifact {sha256} is corrupted: the file {path} now hashes to {actualSha256}. Put the original content again to repair it.")
{
    public string Sha256 { get; } = sha256;

    public string ActualSha256 { get; } = actualSha256;
}
