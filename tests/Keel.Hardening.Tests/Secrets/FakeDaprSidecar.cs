using System.Buffers.Binary;
using System.Net;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Hardening.Tests.Secrets;

/// <summary>
/// Stands in for the Dapr sidecar, which cannot run here: the sidecar's gRPC GetSecret method on
/// loopback (HTTP/2, gRPC framing and trailers), answering from a dictionary of store/key maps or
/// with a gRPC status, so the real DaprClient is exercised end to end.
/// </summary>
internal sealed class FakeDaprSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeDaprSidecar(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public List<GetSecretRequest> Requests { get; } = [];

    public Dictionary<(string Store, string Key), Dictionary<string, string>> Secrets { get; } = [];

    /// <summary>When set, every call fails with this gRPC status and message.</summary>
    public (int Status, string Message)? Failure { get; set; }

    public static async Task<FakeDaprSidecar> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        FakeDaprSidecar? sidecar = null;
        app.MapPost("/dapr.proto.runtime.v1.Dapr/GetSecret", (HttpContext context) => sidecar!.GetSecretAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sidecar = new FakeDaprSidecar(app, address);
        return sidecar;
    }

    private async Task GetSecretAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var frame = body.ToArray();
        var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4));
        var request = GetSecretRequest.Parser.ParseFrom(frame, 5, length);
        lock (Requests)
        {
            Requests.Add(request);
        }

        context.Response.ContentType = "application/grpc";
        if (Failure is { } failure)
        {
            context.Response.AppendTrailer("grpc-status", failure.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Response.AppendTrailer("grpc-message", failure.Message);
            return;
        }

        var response = new GetSecretResponse();
        if (Secrets.TryGetValue((request.StoreName, request.Key), out var data))
        {
            response.Data.Add(data);
        }
        var message = response.ToByteArray();
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), message.Length);
        await context.Response.Body.WriteAsync(header);
        await context.Response.Body.WriteAsync(message);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
