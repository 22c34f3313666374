using Dapr.Client;
using Keel.Secrets;

namespace Keel.Hardening.Tests.Secrets;

public sealed class DaprSecretStoreTests : IAsyncLifetime
{
    private FakeDaprSidecar _sidecar = null!;
    private DaprClient _client = null!;

    public async Task InitializeAsync()
    {
        _sidecar = await FakeDaprSidecar.StartAsync();
        _client = new DaprClientBuilder().UseGrpcEndpoint(_sidecar.Endpoint).Build();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sidecar.DisposeAsync();
    }

    [Fact]
    public async Task Reads_the_key_named_like_the_secret_from_the_configured_store()
    {
        _sidecar.Secrets[("keel-secrets", "db-password")] = new() { ["db-password"] = "vault-value-1", ["rotated-at"] = "2025-01-01" };
        var store = new DaprSecretStore(_client, "keel-secrets");

        Assert.Equal("vault-value-1", await store.GetAsync("db-password"));

        var request = Assert.Single(_sidecar.Requests);
        Assert.Equal("keel-secrets", request.StoreName);
        Assert.Equal("db-password", request.Key);
    }

    [Fact]
    public async Task A_secret_of_one_key_is_that_key_s_value()
    {
        _sidecar.Secrets[("keel-secrets", "api-key")] = new() { ["value"] = "vault-value-2" };

        Assert.Equal("vault-value-2", await new DaprSecretStore(_client, "keel-secrets").GetAsync("api-key"));
    }

    [Fact]
    public async Task A_secret_the_store_does_not_hold_is_not_found_and_named()
    {
        var store = new DaprSecretStore(_client, "keel-secrets");

        var error = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetAsync("missing"));
        Assert.Contains("'missing'", error.Message);
        Assert.Contains("Dapr secret store 'keel-secrets'", error.Message);

        _sidecar.Failure = (5, "not found");
        Assert.Null(await store.FindAsync("missing"));
    }

    [Fact]
    public async Task A_failing_store_is_reported_without_repeating_what_the_sidecar_said()
    {
        // A store's error text may quote what it was given; Keel's message must not carry it on.
        _sidecar.Failure = (13, "vault said: token hvs.LEAKED-TOKEN is invalid");
        var store = new DaprSecretStore(_client, "keel-secrets");

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => store.GetAsync("db-password"));

        Assert.Contains("'db-password'", error.Message);
        Assert.Contains("Internal", error.Message);
        Assert.DoesNotContain("LEAKED", error.Message);
    }

    [Fact]
    public async Task A_secret_of_several_keys_none_named_like_it_is_ambiguous()
    {
        _sidecar.Secrets[("keel-secrets", "db")] = new() { ["user"] = "keel", ["password"] = "vault-value-3" };

        var error = await Assert.ThrowsAsync<SecretStoreException>(() => new DaprSecretStore(_client, "keel-secrets").GetAsync("db"));

        Assert.Contains("password, user", error.Message);
        Assert.DoesNotContain("vault-value-3", error.Message);
    }
}
