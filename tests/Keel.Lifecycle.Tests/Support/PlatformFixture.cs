namespace Keel.Lifecycle.Tests.Support;

/// <summary>
/// One seeded platform shared by the workflow tests that need nothing injected; each test trains a
/// model of its own name, so their registries, champions and runs do not meet.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public LifecyclePlatform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await LifecyclePlatform.StartAsync();

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "lifecycle platform";
}
