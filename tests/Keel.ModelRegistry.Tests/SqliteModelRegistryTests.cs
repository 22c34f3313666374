using Microsoft.Data.Sqlite;

namespace Keel.ModelRegistry.Tests;

/// <summary>The contract on the embedded SQLite store, a file of its own per test.</summary>
public sealed class SqliteModelRegistryTests : ModelRegistryContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-registry-").FullName;

    private string DatabasePath => Path.Combine(_directory, "model-registry.db");

    protected override Task CreateStoreAsync() => Task.CompletedTask;

    protected override IModelRegistry OpenRegistry(TimeProvider? time) => new SqliteModelRegistry(DatabasePath, time);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override Task DeleteStoreAsync()
    {
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_file_is_created_with_its_folders_on_first_use()
    {
        var path = Path.Combine(_directory, "nested", "registry", "models.db");

        var registry = new SqliteModelRegistry(path);
        await registry.CreateModelAsync(Tenant, new NewRegisteredModel(Model, "alice"), None);

        Assert.True(File.Exists(path));
        Assert.Equal(path, registry.Path);
    }
}
