using Keel.Storage;

namespace Keel.ModelRegistry;

/// <summary>Makes the registry that <see cref="ModelRegistryOptions"/> name.</summary>
public static class ModelRegistryFactory
{
    public const string DefaultFileName = "model-registry.db";

    /// <summary>
    /// The configured registry. A PostgreSQL registry owns its connection pool: dispose it (it is
    /// <see cref="IAsyncDisposable"/>) when the application stops.
    /// </summary>
    public static IModelRegistry Create(ModelRegistryOptions options, StorageOptions storage, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        var provider = string.IsNullOrWhiteSpace(options.Provider) ? ModelRegistryOptions.SqliteProvider : options.Provider.Trim();
        if (provider.Equals(ModelRegistryOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            return new SqliteModelRegistry(string.IsNullOrWhiteSpace(options.Path) ? storage.Resolve(DefaultFileName) : options.Path, time);
        }
        if (provider.Equals(ModelRegistryOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException(
                    $"{ModelRegistryOptions.Section}:Provider is '{ModelRegistryOptions.PostgresProvider}' but {ModelRegistryOptions.Section}:ConnectionString is empty; " +
                    "set it to an Npgsql connection string such as 'Host=db;Database=keel;Username=keel;Password=…'.");
            }
            return new PostgresModelRegistry(options.ConnectionString, time);
        }
        throw new InvalidOperationException(
            $"{ModelRegistryOptions.Section}:Provider is '{options.Provider}'; it must be '{ModelRegistryOptions.SqliteProvider}' or '{ModelRegistryOptions.PostgresProvider}'.");
    }
}
