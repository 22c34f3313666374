namespace Keel.Serving.Tests;

/// <summary>One service with default settings, shared by the tests of a class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ServingServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServingServer.StartAsync();
        // Version 2 live beside the current version 1, addressed by its number.
        await Server.Host.LoadAsync("default", Loans.Model, 2, makeCurrent: false, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
