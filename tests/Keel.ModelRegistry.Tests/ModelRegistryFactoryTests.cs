using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.ModelRegistry.Tests;

public sealed class ModelRegistryFactoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-registry-factory-").FullName;

    [Fact]
    public void With_nothing_configured_the_registry_is_a_sqlite_file_under_the_data_directory()
    {
        var registry = ModelRegistryFactory.Create(new ModelRegistryOptions(), new StorageOptions { DataDir = _directory });

        var sqlite = Assert.IsType<SqliteModelRegistry>(registry);
        Assert.Equal(Path.Combine(_directory, ModelRegistryFactory.DefaultFileName), sqlite.Path);
    }

    [Fact]
    public void A_configured_path_is_used()
    {
        var path = Path.Combine(_directory, "elsewhere.db");

        var registry = ModelRegistryFactory.Create(new ModelRegistryOptions { Provider = "SQLite", Path = path }, new StorageOptions { DataDir = _directory });

        Assert.Equal(path, Assert.IsType<SqliteModelRegistry>(registry).Path);
    }

    [Fact]
    public async Task The_postgres_provider_uses_the_connection_string()
    {
        var registry = ModelRegistryFactory.Create(
            new ModelRegistryOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Port=1;Database=keel;Timeout=1" }, new StorageOptions());

        await using var postgres = Assert.IsType<PostgresModelRegistry>(registry);
    }

    [Fact]
    public void The_postgres_provider_without_a_connection_string_says_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ModelRegistryFactory.Create(new ModelRegistryOptions { Provider = "postgres" }, new StorageOptions()));

        Assert.Contains("Keel:ModelRegistry:ConnectionString is empty", error.Message);
    }

    [Fact]
    public void An_unknown_provider_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ModelRegistryFactory.Create(new ModelRegistryOptions { Provider = "mysql" }, new StorageOptions()));

        Assert.Equal("Keel:ModelRegistry:Provider is 'mysql'; it must be 'sqlite' or 'postgres'.", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
