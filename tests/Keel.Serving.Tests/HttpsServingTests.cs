using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Keel.Hardening.Tests.Https;
using Keel.Serving.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Tests;

/// <summary>The inference service over HTTPS from settings alone, with client certificates required when configured.</summary>
public sealed class HttpsServingTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-serving-https-").FullName;
    private readonly X509Certificate2 _clientAuthority = TestCertificates.CreateAuthority("Keel Serving Client CA");
    private readonly X509Certificate2 _server = TestCertificates.CreateServer(TestCertificates.CreateAuthority("Keel Serving Server CA"));
    private WebApplication _app = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        TestCertificates.WritePem(_server, Path.Combine(_directory, "server.pem"), Path.Combine(_directory, "server.key"));
        TestCertificates.WritePem(_clientAuthority, Path.Combine(_directory, "client-ca.pem"));
        _app = ServingApp.Create([], builder =>
        {
            builder.WebHost.UseUrls("https://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Keel:DataDir"] = Path.Combine(_directory, "data"),
                ["Keel:Http:Https:CertificatePath"] = Path.Combine(_directory, "server.pem"),
                ["Keel:Http:Https:KeyPath"] = Path.Combine(_directory, "server.key"),
                ["Keel:Http:Https:RequireClientCertificate"] = "true",
                ["Keel:Http:Https:ClientCaPath"] = Path.Combine(_directory, "client-ca.pem"),
            });
            builder.Logging.ClearProviders();
        });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private HttpClient Client(X509Certificate2? certificate) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _server.GetCertHashString(),
            ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
        },
    })
    { BaseAddress = _address };

    [Fact]
    public async Task A_client_with_a_certificate_of_the_configured_authority_and_a_token_is_served()
    {
        using var client = Client(TestCertificates.CreateClient(_clientAuthority, "scorer"));
        client.DefaultRequestHeaders.Authorization = TestCallers.Bearer(_app.Services, role: Keel.Security.Permissions.KeelRoles.Service);

        Assert.Equal("https", _address.Scheme);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2")).StatusCode);
    }

    [Fact]
    public async Task Without_a_client_certificate_or_with_one_of_another_authority_the_handshake_fails()
    {
        using var bare = Client(null);
        using var stranger = Client(TestCertificates.CreateClient(TestCertificates.CreateAuthority("Someone Else"), "intruder"));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => bare.GetAsync("/v2/health/live"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stranger.GetAsync("/v2/health/live"));
    }
}
