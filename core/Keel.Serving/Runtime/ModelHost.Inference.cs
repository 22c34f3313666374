using System.Globalization;
using System.Text.Json;
using Keel.Events.Messaging;
using Keel.Serving.Protocol;
using Keel.Serving.Scoring;

namespace Keel.Serving.Runtime;

public sealed partial class ModelHost
{
    /// <summary>
    /// Runs a v2 inference request body (JSON, UTF-8) on the version asked for (the current one
    /// without a version) through its batcher. <see cref="InferenceValidationException"/> for a
    /// body that is not a request or a request the model cannot take,
    /// <see cref="ModelNotFoundException"/> for a model or version not loaded,
    /// <see cref="OverloadedException"/> when its queue is full.
    /// </summary>
    public async Task<InferenceResponse> InferAsync(string tenant, string model, int? version, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var lease = Counted(model, version, () =>
        {
            try
            {
                return Acquire(tenant, model, version);
            }
            catch (ModelNotFoundException)
            {
                RequestReader.ThrowIfMalformed(body.Span);
                throw;
            }
        });
        return await InferAsync(lease, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a v2 inference request body on the version a lease holds (which stays alive for it even if it is unloaded meanwhile).</summary>
    public async Task<InferenceResponse> InferAsync(ModelLease lease, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var model = lease.Model;
        var signature = lease.Signature;
        // Read before the queue, as the body always was: a body that is not a request is no inference that failed.
        var request = RequestReader.Read(body.Span, signature.Inputs);
        var wanted = Wanted(request, signature);
        var versionText = lease.Version.ToString(CultureInfo.InvariantCulture);
        var results = await Counted(model, versionText, () => lease.Instance.Batcher.EnqueueAsync(() =>
        {
            var (inputs, shapes, rows) = TensorReader.Read(request, signature.Inputs);
            return new PendingInference(inputs, shapes, rows, cancellationToken);
        })).ConfigureAwait(false);
        var outputs = new ResponseOutput[wanted.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            var result = results[wanted[i]];
            outputs[i] = new ResponseOutput { Name = result.Spec.Name, Shape = result.Shape, Datatype = result.Spec.Datatype, Data = result.Data };
        }
        return new InferenceResponse { ModelName = model, ModelVersion = versionText, Id = request.Id ?? Guid.NewGuid().ToString("N"), Outputs = outputs };
    }

    /// <summary>Runs a v2 inference request built in code, read the way a request body is.</summary>
    public Task<InferenceResponse> InferAsync(string tenant, string model, int? version, InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InferAsync(tenant, model, version, JsonSerializer.SerializeToUtf8Bytes(request, InferenceJson.Options), cancellationToken);
    }

    /// <summary>Runs a v2 inference request built in code on the version a lease holds.</summary>
    public Task<InferenceResponse> InferAsync(ModelLease lease, InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InferAsync(lease, JsonSerializer.SerializeToUtf8Bytes(request, InferenceJson.Options), cancellationToken);
    }

    /// <summary>
    /// Scores rows of feature name → value (as <c>OnnxScorer.Score</c> does) through the same
    /// batcher: one score per row from the Probability (binary) or Score (regression) output, and
    /// the version that scored them. <paramref name="asOf"/> is needed when an input is a timestamp.
    /// </summary>
    public async Task<ScoreResult> ScoreAsync(string tenant, string model, int? version, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows,
        DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var lease = Counted(model, version, () => Acquire(tenant, model, version));
        return await ScoreAsync(lease, rows, asOf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scores feature records on the version a lease holds — for a caller that must know the
    /// version before scoring (routing, explanations, prediction logging all on one version).
    /// </summary>
    public async Task<ScoreResult> ScoreAsync(ModelLease lease, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(rows);
        var model = lease.Model;
        var signature = lease.Signature;
        var output = signature.ScoreOutput
            ?? throw new InferenceValidationException($"The model '{model}' has neither a Probability nor a Score output, so it cannot score feature records.");
        if (rows.Count == 0)
        {
            return new ScoreResult(model, lease.Version, output, []);
        }
        var versionText = lease.Version.ToString(CultureInfo.InvariantCulture);
        var results = await Counted(model, versionText, () => lease.Instance.Batcher.EnqueueAsync(() =>
        {
            var inputs = FeatureRowEncoder.Encode(rows, signature, asOf);
            var shapes = signature.Inputs.Select(_ => new long[] { rows.Count, 1 }).ToArray();
            return new PendingInference(inputs, shapes, rows.Count, cancellationToken);
        })).ConfigureAwait(false);
        var scores = results.First(r => r.Spec.Name == output).Data;
        return new ScoreResult(model, lease.Version, output, (float[])scores);
    }

    /// <summary>The v2 metadata of a loaded model: its loaded versions, and the tensors of the version asked for (the current one without a version).</summary>
    public ModelMetadata Metadata(string tenant, string model, int? version)
    {
        var loaded = Find(tenant, model, version)
            ?? throw new ModelNotFoundException(version is null ? $"The model '{model}' is not loaded." : $"Version {version} of the model '{model}' is not loaded.");
        return new ModelMetadata
        {
            Name = model,
            Versions = _slots[(tenant, model)].State.Versions.Keys.Order().Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Inputs = loaded.Signature.Inputs.Select(i => i.ToMetadata()).ToArray(),
            Outputs = loaded.Signature.Outputs.Select(o => o.ToMetadata()).ToArray(),
        };
    }

    /// <summary>The indexes of the outputs a request asks for, all when it names none.</summary>
    private static int[] Wanted(ParsedRequest request, ModelSignature signature)
    {
        var outputs = signature.Outputs;
        var asked = request.Outputs;
        var wanted = new int[asked is { Count: > 0 } ? asked.Count : outputs.Count];
        for (var i = 0; i < wanted.Length; i++)
        {
            wanted[i] = asked is { Count: > 0 } ? IndexOf(outputs, asked[i]) : i;
        }
        return wanted;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> outputs, string? name)
    {
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].Name == name)
            {
                return i;
            }
        }
        throw new InferenceValidationException(
            $"The model has no output '{name}'; its outputs are {string.Join(", ", outputs.Select(s => "'" + s.Name + "'"))}.");
    }

    private ModelLease Counted(string model, int? version, Func<ModelLease> acquire)
    {
        try
        {
            return acquire();
        }
        catch (ModelNotFoundException)
        {
            _metrics.RecordRequest(model, version?.ToString(CultureInfo.InvariantCulture), "not_found");
            throw;
        }
    }

    private async Task<T> Counted<T>(string model, string version, Func<Task<T>> run)
    {
        var outcome = "failed";
        try
        {
            var result = await run().ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        catch (InferenceValidationException)
        {
            outcome = "invalid";
            throw;
        }
        catch (OverloadedException)
        {
            outcome = "overloaded";
            throw;
        }
        finally
        {
            _metrics.RecordRequest(model, version, outcome);
        }
    }
}

/// <summary>Scores of feature records: the model and version that scored them, the output they come from, one per row.</summary>
public sealed record ScoreResult(string Model, int Version, string Output, float[] Scores);
