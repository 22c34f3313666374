using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Keel.Events.Messaging;
using Keel.Functions.Http;
using Keel.Serving.Protocol;
using Keel.Serving.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Keel.Security.Authorization;
using Keel.Security.Permissions;

namespace Keel.Serving.Host.Apis;

/// <summary>
/// The Open Inference Protocol (KServe v2) REST routes. Errors are the protocol's
/// <c>{"error": "…"}</c> body: 404 for a model or version not loaded, 400 for a request the model
/// cannot take, 429 with Retry-After when the model's queue is full. The tenant is the caller's.
/// Public so that <c>keel up</c> maps the same routes.
/// </summary>
public static class InferenceEndpoints
{
    public static IEndpointRouteBuilder MapKeelInference(this IEndpointRouteBuilder routes)
    {
        var v2 = routes.MapGroup("/v2").WithTags("Inference");
        v2.MapGet("/health/live", () => Results.Ok(new { live = true })).AllowAnonymous();
        v2.MapGet("/health/ready", (ModelHost host) =>
            host.ConfiguredModelsReady() ? Results.Ok(new { ready = true }) : Results.Json(new { ready = false }, statusCode: StatusCodes.Status503ServiceUnavailable)).AllowAnonymous();
        v2.MapGet("", (ModelHost host) => Results.Json(
            new ServerMetadata("keel", typeof(ModelHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", [], host.ExecutionProvider), InferenceJson.Options)).RequirePermission(Permission.ReadModels);

        v2.MapGet("/models/{name}", (HttpRequest request, ModelHost host, string name) => Metadata(request, host, name, null)).RequirePermission(Permission.ReadModels);
        v2.MapGet("/models/{name}/versions/{version}", (HttpRequest request, ModelHost host, string name, string version) => Metadata(request, host, name, version)).RequirePermission(Permission.ReadModels);
        v2.MapGet("/models/{name}/ready", (HttpRequest request, ModelHost host, string name) => Ready(request, host, name, null)).RequirePermission(Permission.ReadModels);
        v2.MapGet("/models/{name}/versions/{version}/ready", (HttpRequest request, ModelHost host, string name, string version) => Ready(request, host, name, version)).RequirePermission(Permission.ReadModels);
        v2.MapPost("/models/{name}/infer", (HttpContext context, ModelHost host, string name) => InferAsync(context, host, name, null)).RequirePermission(Permission.Predict);
        v2.MapPost("/models/{name}/versions/{version}/infer", (HttpContext context, ModelHost host, string name, string version) => InferAsync(context, host, name, version)).RequirePermission(Permission.Predict);
        return routes;
    }

    private static IResult Metadata(HttpRequest request, ModelHost host, string name, string? version) =>
        Answer(request, name, version, (tenant, number) => Results.Json(host.Metadata(tenant, name, number), InferenceJson.Options));

    private static IResult Ready(HttpRequest request, ModelHost host, string name, string? version) =>
        Answer(request, name, version, (tenant, number) => host.Find(tenant, name, number) is null
            ? Error(StatusCodes.Status404NotFound, NotLoaded(name, version))
            : Results.Json(new { name, ready = true }));

    /// <summary>Answers on the response itself: the one route on the hot path, where a result object and reflection-driven JSON were measurable.</summary>
    private static async Task InferAsync(HttpContext context, ModelHost host, string name, string? version)
    {
        var request = context.Request;
        if (!RequestTenant.TryGet(request, out var tenant, out var unauthenticated))
        {
            await unauthenticated!.ExecuteAsync(context);
            return;
        }
        if (!TryVersion(version, out var number))
        {
            await Error(StatusCodes.Status404NotFound, NotLoaded(name, version)).ExecuteAsync(context);
            return;
        }
        var body = await RequestBody.ReadAsync(request, host.Options.MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {host.Options.MaxRequestBytes} bytes.").ExecuteAsync(context);
            return;
        }
        InferenceResponse inference;
        try
        {
            inference = await host.InferAsync(tenant, name, number, body.Value, context.RequestAborted);
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            await failure.ExecuteAsync(context);
            return;
        }
        await ResponseJson.WriteAsync(context.Response, inference, context.RequestAborted);
    }

    private static IResult Answer(HttpRequest request, string name, string? version, Func<string, int?, IResult> answer)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var unauthenticated))
        {
            return unauthenticated!;
        }
        if (!TryVersion(version, out var number))
        {
            return Error(StatusCodes.Status404NotFound, NotLoaded(name, version));
        }
        try
        {
            return answer(tenant, number);
        }
        catch (Exception ex) when (Failure(ex) is { } failure)
        {
            return failure;
        }
    }

    /// <summary>The protocol's answer to a failure the caller can act on; null for a fault of the service, which the host reports as 500.</summary>
    internal static IResult? Failure(Exception ex) => ex switch
    {
        ModelNotFoundException => Error(StatusCodes.Status404NotFound, ex.Message),
        InferenceValidationException => Error(StatusCodes.Status400BadRequest, ex.Message),
        OverloadedException overloaded => new RetryAfter(Error(StatusCodes.Status429TooManyRequests, ex.Message), overloaded.RetryAfter),
        _ => null,
    };

    internal static IResult Error(int status, string message) => Results.Json(new InferenceError(message), InferenceJson.Options, statusCode: status);

    private static bool TryVersion(string? text, out int? version)
    {
        version = null;
        if (text is null)
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            version = number;
            return true;
        }
        return false;
    }

    private static string NotLoaded(string name, string? version) =>
        version is null ? $"The model '{name}' is not loaded." : $"Version {version} of the model '{name}' is not loaded.";

    /// <summary>
    /// Writes a response through a buffer and JSON writer kept per thread: the length is known
    /// before the first byte goes out, and the copy into the response is synchronous, so the
    /// buffer is free again before any await.
    /// </summary>
    private static class ResponseJson
    {
        // A buffer that once held a huge response is not kept for ever.
        private const int KeptBytes = 1024 * 1024;

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public static Task WriteAsync(HttpResponse response, InferenceResponse inference, CancellationToken cancellationToken)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4 * 1024);
            var writer = t_writer ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            try
            {
                InferenceResponseWriter.Write(writer, inference);
                writer.Flush();
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json; charset=utf-8";
                response.ContentLength = buffer.WrittenCount;
                response.BodyWriter.Write(buffer.WrittenSpan);
            }
            finally
            {
                writer.Reset();
                buffer.ResetWrittenCount();
                if (buffer.Capacity > KeptBytes)
                {
                    t_buffer = null;
                    t_writer = null;
                }
            }
            return response.BodyWriter.FlushAsync(cancellationToken).AsTask();
        }
    }

    private sealed class RetryAfter(IResult inner, TimeSpan after) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
