using Keel.Security.Authorization;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Security.Tests;

/// <summary>Reading what each endpoint needs, so a suite can go over all of them and catch one that says nothing.</summary>
public sealed class EndpointPermissionsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private GuardedApp _app = null!;

    public async Task InitializeAsync() => _app = await GuardedApp.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private EndpointDataSource Endpoints => _app.Services.GetRequiredService<EndpointDataSource>();

    [Fact]
    public void The_endpoint_mapped_without_a_permission_is_the_only_one_listed_as_unprotected()
    {
        var unprotected = EndpointPermissions.Unprotected(Endpoints);

        Assert.Equal([$"GET {GuardedApp.Forgotten}"], unprotected.Select(e => e.ToString()));
    }

    [Fact]
    public void Each_endpoint_shows_its_permission_a_group_passing_its_own_to_its_endpoints()
    {
        var all = EndpointPermissions.All(Endpoints).ToDictionary(e => e.ToString());

        Assert.Equal([Permission.ReadModels], all[$"GET {GuardedApp.Models}"].Permissions);
        Assert.Equal([Permission.Deploy], all["PUT /api/deployments/{model}"].Permissions);
        Assert.Equal([Permission.ReadAudit], all[$"GET {GuardedApp.Audit}"].Permissions);
        Assert.True(all[$"GET {GuardedApp.Health}"].Anonymous);
        Assert.Empty(all[$"GET {GuardedApp.Health}"].Permissions);
    }
}
