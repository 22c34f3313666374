using Keel.Storage;

namespace Keel.Security.ApiKeys;

/// <summary>Where the embedded API key store lives (<c>Keel:Auth:ApiKeys</c>).</summary>
public sealed class ApiKeyStoreOptions
{
    public const string Section = "Keel:Auth:ApiKeys";

    /// <summary>The SQLite file; by default <c>{DataDir}/auth/api-keys.db</c>.</summary>
    public string? Database { get; set; }

    public string DatabasePath(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(Database) ? storage.Resolve("auth", "api-keys.db") : Path.GetFullPath(Database);
    }
}
