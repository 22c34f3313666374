using Keel.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Hardening.Tests.Secrets;

public class SecretCompositionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKeelSecrets(configuration);
        return services.BuildServiceProvider();
    }

    private static ISecretStore Inner(ServiceProvider services) =>
        Assert.IsType<RegisteringSecretStore>(services.GetRequiredService<ISecretStore>()).Inner;

    [Fact]
    public void By_default_the_environment_then_a_secrets_directory_under_the_data_directory()
    {
        using var temp = new TempDirectory();
        using var services = Build(new() { ["Keel:DataDir"] = temp.Path });

        var composite = Assert.IsType<CompositeSecretStore>(Inner(services));
        Assert.IsType<EnvironmentSecretStore>(composite.Stores[0]);
        Assert.Equal(Path.Combine(temp.Path, "secrets"), Assert.IsType<LocalFileSecretStore>(composite.Stores[1]).Directory);
    }

    [Fact]
    public void The_provider_setting_chooses_one_store()
    {
        using var temp = new TempDirectory();
        using (var services = Build(new() { ["Keel:Secrets:Provider"] = "env", ["Keel:Secrets:Environment:Prefix"] = "APP_SECRET_" }))
        {
            Assert.Equal("APP_SECRET_", Assert.IsType<EnvironmentSecretStore>(Inner(services)).Prefix);
        }
        using (var services = Build(new() { ["Keel:Secrets:Provider"] = "file", ["Keel:Secrets:File:Directory"] = temp.Path }))
        {
            Assert.Equal(temp.Path, Assert.IsType<LocalFileSecretStore>(Inner(services)).Directory);
        }
        using (var services = Build(new() { ["Keel:Secrets:Provider"] = "dapr", ["Keel:Secrets:Dapr:Store"] = "vault-b" }))
        {
            Assert.Equal("vault-b", Assert.IsType<DaprSecretStore>(Inner(services)).StoreName);
        }
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_the_choices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:Secrets:Provider"] = "aws" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeelSecrets(configuration));
        Assert.Contains("'aws'", error.Message);
        Assert.Contains("dapr", error.Message);
    }

    [Fact]
    public async Task Every_value_read_through_the_store_is_registered_for_redaction()
    {
        using var temp = new TempDirectory();
        await new LocalFileSecretStore(temp.Path).SetAsync("signing-key", "read-at-runtime-42");
        using var services = Build(new() { ["Keel:Secrets:Provider"] = "file", ["Keel:Secrets:File:Directory"] = temp.Path });
        var registry = services.GetRequiredService<SecretRegistry>();
        Assert.False(registry.Contains("read-at-runtime-42"));

        await services.GetRequiredService<ISecretStore>().GetAsync("signing-key");

        Assert.True(registry.Contains("read-at-runtime-42"));
        Assert.Equal("key=***", registry.Redact("key=read-at-runtime-42"));
    }
}
