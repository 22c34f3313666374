namespace Keel.ModelRegistry;

/// <summary>
/// Which store holds the registry (<c>Keel:ModelRegistry</c>, environment
/// <c>KEEL__MODELREGISTRY__…</c>). With nothing configured it is the embedded SQLite file
/// <c>model-registry.db</c> under the data directory.
/// </summary>
public sealed class ModelRegistryOptions
{
    public const string Section = "Keel:ModelRegistry";

    public const string SqliteProvider = "sqlite";

    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite file; empty means <c>model-registry.db</c> under <c>Keel:DataDir</c>.</summary>
    public string? Path { get; set; }

    /// <summary>The Npgsql connection string, required with the <c>postgres</c> provider.</summary>
    public string? ConnectionString { get; set; }
}
