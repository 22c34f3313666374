using Npgsql;

namespace Keel.ModelRegistry.Tests;

/// <summary>The contract on a real PostgreSQL server, a database of its own per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresModelRegistryTests(PostgresServerFixture server) : ModelRegistryContract
{
    private string _connectionString = "";

    protected override async Task CreateStoreAsync() => _connectionString = await server.CreateDatabaseAsync();

    protected override IModelRegistry OpenRegistry(TimeProvider? time) => new PostgresModelRegistry(_connectionString, time);

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override Task DeleteStoreAsync() => server.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task Registries_starting_together_on_an_empty_database_create_the_schema_once()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            var registries = Enumerable.Range(0, 6).Select(_ => new PostgresModelRegistry(connectionString)).ToArray();
            await Task.WhenAll(registries.Select((registry, i) =>
                Task.Run(() => registry.CreateModelAsync(Tenant, new NewRegisteredModel($"model-{i}", "alice"), None))));

            Assert.Equal(6, (await registries[0].ListModelsAsync(Tenant, None)).Count);
            foreach (var registry in registries)
            {
                await registry.DisposeAsync();
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_registry_on_a_shared_data_source_leaves_it_open()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        var registry = new PostgresModelRegistry(dataSource);
        await registry.CreateModelAsync(Tenant, new NewRegisteredModel(Model, "alice"), None);

        await registry.DisposeAsync();

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM registry_models", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
