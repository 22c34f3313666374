using Keel.ModelRegistry;
using Keel.Serving.Protocol;
using Keel.Storage.Artifacts;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>
/// Finds a registered version and opens its ONNX artifact (the one the version is bound to by
/// <see cref="ModelVersion.ArtifactSha256"/>) as a session, warmed up before anyone can use it.
/// </summary>
public sealed class ModelLoader(IModelRegistry registry, IArtifactStore artifacts, SessionFactory sessions)
{
    public const string ChampionAlias = "champion";

    /// <summary>The version asked for or, without one, the champion else the Production version.</summary>
    public async Task<ModelVersion> ResolveAsync(string tenant, string model, int? version, CancellationToken cancellationToken)
    {
        if (await registry.GetModelAsync(tenant, model, cancellationToken) is null)
        {
            throw new ModelNotFoundException($"The registry has no model '{model}'.");
        }
        if (version is { } number)
        {
            return await registry.GetVersionAsync(tenant, model, number, cancellationToken)
                ?? throw new ModelNotFoundException($"The model '{model}' has no version {number}.");
        }
        return await DeployedAsync(tenant, model, cancellationToken)
            ?? throw new ModelNotFoundException($"The model '{model}' has no '{ChampionAlias}' alias and no version in Production; name a version.");
    }

    /// <summary>The version served when none is named: the champion, else the latest in Production; null when neither exists.</summary>
    public async Task<ModelVersion?> DeployedAsync(string tenant, string model, CancellationToken cancellationToken) =>
        await registry.GetByAliasAsync(tenant, model, ChampionAlias, cancellationToken)
        ?? (await registry.ListVersionsAsync(tenant, model, ModelStage.Production, cancellationToken)).LastOrDefault();

    internal async Task<(InferenceSession Session, ModelSignature Signature)> OpenAsync(ModelVersion version, int warmupRuns, CancellationToken cancellationToken)
    {
        byte[] bytes;
        await using (var stream = await artifacts.OpenAsync(version.ArtifactSha256, cancellationToken))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        // Creating and warming a session is CPU work of a second or more; keep it off the caller's thread.
        return await Task.Run(() =>
        {
            var session = sessions.Create(bytes);
            try
            {
                var signature = ModelSignature.Of(session);
                ModelInstance.Warm(session, signature, warmupRuns);
                return (session, signature);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }, cancellationToken);
    }
}
