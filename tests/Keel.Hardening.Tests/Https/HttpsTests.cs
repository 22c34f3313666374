using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Keel.Hardening.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Keel.Hardening.Tests.Https;

public sealed class HttpsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly X509Certificate2 _authority = TestCertificates.CreateAuthority("Keel Test Client CA");
    private readonly X509Certificate2 _server;

    public HttpsTests()
    {
        _server = TestCertificates.CreateServer(TestCertificates.CreateAuthority("Keel Test Server CA"));
        TestCertificates.WritePem(_server, _temp.File("server.pem"), _temp.File("server.key"));
        TestCertificates.WritePem(_authority, _temp.File("client-ca.pem"));
    }

    public void Dispose() => _temp.Dispose();

    private Task<TestApp> StartAsync(Dictionary<string, string?> settings) => TestApp.StartAsync(
        builder => builder.WebHost.UseKeelHttps(builder.Configuration),
        app => app.MapGet("/whoami", (HttpContext context) => Results.Ok(context.Connection.ClientCertificate?.Subject ?? "anonymous")),
        settings,
        url: "https://127.0.0.1:0");

    private Dictionary<string, string?> PemSettings(bool requireClientCertificate) => new()
    {
        ["Keel:Http:Https:CertificatePath"] = _temp.File("server.pem"),
        ["Keel:Http:Https:KeyPath"] = _temp.File("server.key"),
        ["Keel:Http:Https:RequireClientCertificate"] = requireClientCertificate ? "true" : "false",
        ["Keel:Http:Https:ClientCaPath"] = _temp.File("client-ca.pem"),
    };

    /// <summary>A client that trusts exactly the test server's certificate, presenting <paramref name="certificate"/> if given.</summary>
    private HttpClient Client(Uri address, X509Certificate2? certificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _server.GetCertHashString(),
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
            },
        };
        return new HttpClient(handler) { BaseAddress = address };
    }

    [Fact]
    public async Task Serves_https_with_the_configured_pem_certificate()
    {
        await using var app = await StartAsync(PemSettings(requireClientCertificate: false));
        using var client = Client(app.Address);

        Assert.Equal("https", app.Address.Scheme);
        Assert.Equal("\"anonymous\"", await client.GetStringAsync("/whoami"));
    }

    [Fact]
    public async Task Serves_https_with_a_pfx_certificate()
    {
        File.WriteAllBytes(_temp.File("server.pfx"), _server.Export(X509ContentType.Pkcs12, "pfx-pass-1"));
        await using var app = await StartAsync(new()
        {
            ["Keel:Http:Https:PfxPath"] = _temp.File("server.pfx"),
            ["Keel:Http:Https:PfxPassword"] = "pfx-pass-1",
        });
        using var client = Client(app.Address);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/whoami")).StatusCode);
    }

    [Fact]
    public async Task A_required_client_certificate_admits_only_clients_of_the_allowed_ca()
    {
        await using var app = await StartAsync(PemSettings(requireClientCertificate: true));

        using (var withCertificate = Client(app.Address, TestCertificates.CreateClient(_authority, "scoring-service")))
        {
            Assert.Equal("\"CN=scoring-service\"", await withCertificate.GetStringAsync("/whoami"));
        }
        using (var without = Client(app.Address))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => without.GetAsync("/whoami"));
        }
        using (var otherAuthority = Client(app.Address, TestCertificates.CreateClient(TestCertificates.CreateAuthority("Someone Else's CA"), "intruder")))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => otherAuthority.GetAsync("/whoami"));
        }
        using (var notForClients = Client(app.Address, TestCertificates.CreateServerOnly(_authority, "misused")))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => notForClients.GetAsync("/whoami"));
        }
    }

    [Fact]
    public void Requiring_client_certificates_without_a_server_certificate_is_a_configuration_error()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:Http:Https:RequireClientCertificate"] = "true" })
            .Build();

        var builder = WebApplication.CreateBuilder();

        var error = Assert.Throws<InvalidOperationException>(() => { builder.WebHost.UseKeelHttps(configuration); });
        Assert.Contains("CertificatePath", error.Message);
    }
}
