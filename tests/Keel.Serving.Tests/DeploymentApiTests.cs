using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Keel.Serving.Tests;

/// <summary>
/// <c>/api/deployments/{model}</c> over loopback HTTP: plans are validated (400 naming every field),
/// changes name the revision they replace (409 when it moved on), and who changed it is recorded.
/// </summary>
public sealed class DeploymentApiTests : IAsyncLifetime
{
    private ServingServer _server = null!;

    public async Task InitializeAsync() => _server = await ServingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly object Canary = new
    {
        mode = "sticky",
        variants = new object[]
        {
            new { name = "stable", version = 1, weight = 90, role = "stable" },
            new { name = "canary", version = 2, weight = 10, role = "canary" },
            new { name = "mirror", version = 2, weight = 5, role = "shadow" },
        },
    };

    [Fact]
    public async Task An_invalid_plan_is_refused_with_every_problem_by_field_and_nothing_is_stored()
    {
        var response = await SendAsync(HttpMethod.Put, new
        {
            variants = new object[]
            {
                new { name = "stable", version = 1, weight = 80, role = "stable" },
                new { name = "Stable", version = 0, weight = 10, role = "canary" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("variants[1].name", out _));
        Assert.True(errors.TryGetProperty("variants[1].version", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get)).StatusCode);
    }

    [Fact]
    public async Task A_change_based_on_an_old_revision_is_refused_with_409()
    {
        var created = await SendAsync(HttpMethod.Put, Canary, ifMatch: "\"0\"");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var plan = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("plan");
        Assert.Equal(("sticky", "ops@example.com"), (plan.GetProperty("mode").GetString(), plan.GetProperty("updatedBy").GetString()));
        Assert.Equal(["stable", "canary", "shadow"], plan.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("role").GetString()));

        var stale = await SendAsync(HttpMethod.Put, Canary, ifMatch: "\"0\"");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("revision 1", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var updated = await SendAsync(HttpMethod.Put, new { expectedRevision = 1, variants = new[] { new { name = "stable", version = 2, weight = 100, role = "stable" } } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Delete, ifMatch: "\"1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, ifMatch: "\"2\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get)).StatusCode);
    }

    [Fact]
    public async Task A_plan_naming_a_version_that_does_not_exist_is_refused()
    {
        var response = await SendAsync(HttpMethod.Put, new { variants = new[] { new { name = "stable", version = 9, weight = 100, role = "stable" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get)).StatusCode);
    }

    [Fact]
    public async Task A_change_without_an_identity_or_by_a_reader_is_refused()
    {
        using var nobody = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        var anonymous = new HttpRequestMessage(HttpMethod.Put, $"/api/deployments/{Loans.Model}") { Content = JsonContent.Create(Canary) };
        var byViewer = new HttpRequestMessage(HttpMethod.Put, $"/api/deployments/{Loans.Model}") { Content = JsonContent.Create(Canary) };
        byViewer.Headers.Authorization = TestCallers.Bearer(_server.Services, role: Keel.Security.Permissions.KeelRoles.Viewer);

        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.SendAsync(anonymous)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Client.SendAsync(byViewer)).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, $"/api/deployments/{Loans.Model}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        request.Headers.Add("X-Keel-Actor", "ops@example.com");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await _server.Client.SendAsync(request);
    }
}
