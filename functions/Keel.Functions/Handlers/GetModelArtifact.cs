using Keel.Functions.Http;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/models/{name}/versions/{version}/artifacts/{artifact}</c>: an artifact of a version —
/// <c>onnx</c>, <c>mlnet-model.zip</c>, <c>gate-report.html|json</c>, <c>model-card.html|json</c>.
/// Artifacts are reached through the tenant's own versions, never by hash alone.
/// </summary>
public sealed class GetModelArtifact(IModelRegistry registry, IArtifactStore artifacts)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, int version, string artifact, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var found = await registry.GetVersionAsync(tenant, name, version, cancellationToken);
        if (found is null)
        {
            return ProblemResults.NotFound($"Model '{name}' has no version {version}.");
        }
        var sha256 = artifact == ArtifactNames.Onnx ? found.ArtifactSha256 : found.Artifacts.GetValueOrDefault(artifact)?.Sha256;
        if (sha256 is null)
        {
            return ProblemResults.NotFound($"Version {version} of '{name}' has no artifact '{artifact}'; it has {string.Join(", ", found.Artifacts.Keys.Prepend(ArtifactNames.Onnx))}.");
        }
        return Results.Stream(await artifacts.OpenAsync(sha256, cancellationToken), MediaTypeOf(artifact));
    }

    private static string MediaTypeOf(string artifact) => Path.GetExtension(artifact) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json",
        ".zip" => "application/zip",
        _ => "application/octet-stream",
    };
}
