using Keel.Storage;

namespace Keel.Features.Online;

/// <summary>Where the embedded online store keeps its SQLite file (<c>Keel:OnlineStore:File</c>).</summary>
public sealed class EmbeddedOnlineStoreOptions
{
    public const string Section = "Keel:OnlineStore";

    /// <summary>The SQLite file; a relative path is taken under <c>Keel:DataDir</c>.</summary>
    public string File { get; set; } = Path.Combine("online", "online.db");

    public string ResolvePath(StorageOptions storage) => Path.IsPathRooted(File) ? File : storage.Resolve(File);
}
