using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Keel.Cli.Tests.Security;

/// <summary>
/// The security suite over the whole platform: every endpoint of its catalogue against missing and bad
/// credentials and against every role the table denies, tenant isolation with its audit trail, and no
/// configured secret in anything the platform logged. An endpoint added without a permission fails here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecuritySuiteTests(SecuredPlatformFixture served, ITestOutputHelper output) : IClassFixture<SecuredPlatformFixture>
{
    private static readonly string[] Probes = ["/health/live", "/health/ready", "/v2/health/live", "/v2/health/ready"];

    private IServiceProvider Services => served.Platform.Platform.Services;

    private Uri Address => served.Platform.Platform.Address;

    [Fact]
    public void Every_endpoint_declares_a_permission_and_only_the_probes_are_anonymous()
    {
        var catalogue = SecurityRequests.Catalogue(Services);

        Assert.Empty(Keel.Security.Authorization.EndpointPermissions.Unprotected(Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>()));
        Assert.Equal(Probes.Order(), catalogue.Where(e => e.Anonymous).Select(e => e.Route).Order());
        Assert.True(catalogue.Count(e => !e.Anonymous) >= 40, $"only {catalogue.Count} endpoints found");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("expired")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("bad-signature")]
    public async Task A_missing_or_bad_credential_gets_401_on_every_protected_endpoint(string kind)
    {
        using var http = new HttpClient { BaseAddress = Address };
        var credential = SecurityRequests.Bad(Services, kind, served.Platform.Dir);
        var wrong = new List<string>();
        var endpoints = SecurityRequests.Protected(Services).ToList();
        foreach (var (_, method, path) in endpoints)
        {
            using var response = await http.SendAsync(SecurityRequests.Request(method, path, credential));
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }
        output.WriteLine($"{endpoints.Count} endpoint methods with a {kind} credential");
        Assert.Empty(wrong);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task Every_role_the_table_denies_gets_403_on_every_endpoint()
    {
        using var http = new HttpClient { BaseAddress = Address };
        var wrong = new List<string>();
        var checkedCalls = 0;
        foreach (var (endpoint, method, path) in SecurityRequests.Protected(Services))
        {
            var permission = Assert.Single(endpoint.Permissions);
            foreach (var role in RolePermissions.RolesWithout(permission))
            {
                using var response = await http.SendAsync(SecurityRequests.Request(method, path, TestCallers.Bearer(Services, "default", role, "role-" + role)));
                checkedCalls++;
                if (response.StatusCode != HttpStatusCode.Forbidden)
                {
                    wrong.Add($"{role} {method} {path}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.Contains(permission.PolicyName(), await response.Content.ReadAsStringAsync());
                }
            }
        }
        output.WriteLine($"{checkedCalls} refused calls checked");
        Assert.Empty(wrong);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task An_auditor_reads_the_audit_log_and_changes_nothing()
    {
        using var auditor = TestCallers.Client(Services, Address, "default", KeelRoles.Auditor, "auditor-ann");
        var changing = SecurityRequests.Protected(Services).Where(e => e.Endpoint.Permissions.Any(p => p.ChangesState())).ToList();

        Assert.NotEmpty(changing);
        foreach (var (_, method, path) in changing)
        {
            using var response = await auditor.SendAsync(SecurityRequests.Request(method, path, auditor.DefaultRequestHeaders.Authorization));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"auditor {method} {path}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/audit/entries?limit=5")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_features_runs_models_predictions_and_audit_answer_404_and_each_attempt_is_audited()
    {
        using var owner = TestCallers.Client(Services, Address);
        var runs = (await owner.GetFromJsonAsync<JsonNode>("/api/runs"))!["runs"]!.AsArray();
        var runId = (string)runs[0]!["id"]!;
        var predicted = await (await owner.PostAsJsonAsync($"/api/predict/{ServedModelFixture.Model}", new { entity = "1" })).Content.ReadFromJsonAsync<JsonNode>();
        var predictionId = (string)predicted!["predictionId"]!;
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/audit/entries?target=model:{ServedModelFixture.Model}:1")).StatusCode);

        using var intruder = TestCallers.Client(Services, Address, "globex", KeelRoles.Admin, "eve@globex");
        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Post, "/api/features/online", new { service = "credit_model", entities = new[] { "1" } }),
            (HttpMethod.Get, $"/api/runs/{runId}", null),
            (HttpMethod.Get, $"/api/models/{ServedModelFixture.Model}", null),
            (HttpMethod.Get, $"/api/models/{ServedModelFixture.Model}/versions/1/artifacts/model.onnx", null),
            (HttpMethod.Post, $"/api/models/{ServedModelFixture.Model}/versions/1/stage", new { stage = "Archived", reason = "takeover" }),
            (HttpMethod.Get, $"/v2/models/{ServedModelFixture.Model}", null),
            (HttpMethod.Post, $"/api/predict/{ServedModelFixture.Model}", new { entity = "1" }),
            (HttpMethod.Get, $"/api/predictions/{predictionId}/governance", null),
            (HttpMethod.Get, $"/api/audit/entries?target=model:{ServedModelFixture.Model}:1", null),
        };
        foreach (var (method, path, body) in attempts)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await intruder.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var naming = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        naming.Headers.Add("X-Keel-Tenant", "globex");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(naming)).StatusCode);

        var denied = new List<AuditEntry>();
        await foreach (var entry in Services.GetRequiredService<IAuditLog>().ReadAsync(new AuditQuery(), CancellationToken.None))
        {
            if (entry.Action == AuditActions.AccessDenied)
            {
                denied.Add(entry);
            }
        }
        foreach (var (_, path, _) in attempts)
        {
            var route = path.Split('?')[0];
            Assert.Contains(denied, e => e.Tenant == "globex" && e.Actor == "eve@globex" && e.Target == "route:" + route);
        }
        Assert.Contains(denied, e => e.Tenant == "default" && e.Target == "route:/api/models" && e.Details.Contains("cross-tenant", StringComparison.Ordinal));
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task The_tenants_audit_export_verifies_against_the_key_from_the_secret_store()
    {
        using var auditor = TestCallers.Client(Services, Address, "default", KeelRoles.Auditor, "auditor-ann");
        var path = Path.Combine(served.Platform.Dir, "audit-default.jsonl");
        await File.WriteAllBytesAsync(path, await auditor.GetByteArrayAsync("/api/audit/export"));

        var export = await AuditExportFile.OpenAsync(path, CancellationToken.None);
        using var trust = AuditTrust.FromPem(PublicPem(SecuredPlatformFixture.AuditKeyPem));
        var verification = await new AuditVerifier(trust).VerifyAsync(export, CancellationToken.None);

        Assert.True(verification.Intact, verification.Problem?.ToString());
        Assert.True(verification.Entries > 0);
        Assert.Equal("default", export.Header.Tenant);
        // globex's own entries (its refused attempts) are sealed: nothing of them shows.
        Assert.DoesNotContain("eve@globex", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Oversized_deep_traversing_and_badly_named_requests_get_4xx()
    {
        using var admin = TestCallers.Client(Services, Address);
        // Expect: 100-continue lets the platform answer before the client sends 17 MiB it will not read.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new ByteArrayContent(new byte[17 * 1024 * 1024]) };
        huge.Content.Headers.ContentType = new("application/cloudevents-batch+json");
        huge.Headers.ExpectContinue = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.SendAsync(huge)).StatusCode);

        var deep = new StringBuilder();
        deep.Append("{\"service\":\"credit_model\",\"entities\":").Append('[', 200).Append(']', 200).Append('}');
        var tooDeep = await admin.PostAsync("/api/features/online", new StringContent(deep.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);

        foreach (var artifact in new[] { "..%2F..%2Fauth%2Fsigning-key.pem", "%2Fetc%2Fpasswd", "..%5C..%5Caudit%5Caudit.db", "model.onnx%00.txt" })
        {
            var response = await admin.GetAsync($"/api/models/{ServedModelFixture.Model}/versions/1/artifacts/{artifact}");
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{artifact}: {(int)response.StatusCode}");
            Assert.DoesNotContain("PRIVATE KEY", await response.Content.ReadAsStringAsync());
        }

        var badName = await admin.PostAsJsonAsync("/api/workflows/retrain", new { model = "../credit" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var badAlias = await admin.PostAsJsonAsync($"/api/models/{ServedModelFixture.Model}/aliases/Bad%20Alias", new { version = 1, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badAlias.StatusCode);
        AssertNoSecretLogged();
    }

    [Fact]
    public async Task A_secret_in_a_refused_or_failed_request_reaches_neither_the_log_nor_the_answer()
    {
        using var viewer = TestCallers.Client(Services, Address, "default", KeelRoles.Viewer, "vic");
        using var admin = TestCallers.Client(Services, Address);
        foreach (var secret in new[] { SecuredPlatformFixture.ConfiguredApiKey, SecuredPlatformFixture.ConnectionPassword })
        {
            var refused = await viewer.PostAsJsonAsync($"/api/models/{secret}/versions/1/stage", new { stage = "Staging", reason = secret });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.DoesNotContain(secret, await refused.Content.ReadAsStringAsync());
            var missing = await admin.GetAsync($"/api/models/{secret}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.DoesNotContain(secret, await missing.Content.ReadAsStringAsync());
        }
        // The requests were logged (the refusals, the server's request lines), with the secret masked.
        Assert.Contains(served.Logs, line => line.Contains("/api/models/***", StringComparison.Ordinal));
        AssertNoSecretLogged();
    }

    private void AssertNoSecretLogged()
    {
        foreach (var secret in SecuredPlatformFixture.Secrets)
        {
            var leaked = served.Logs.FirstOrDefault(line => line.Contains(secret, StringComparison.Ordinal));
            Assert.True(leaked is null, $"a configured secret was logged: {leaked}");
        }
    }

    private static string PublicPem(string privatePem)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(privatePem);
        return key.ExportSubjectPublicKeyInfoPem();
    }
}
