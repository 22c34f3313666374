using System.Text.Json;

namespace Keel.Prediction;

/// <summary>
/// One prediction asked of a model: either an entity, whose features are read from the online store
/// through the model's feature service, or a raw record of the service's dataset, turned into
/// features by the same transformations that built the training set. Exactly one of the two.
/// </summary>
/// <param name="Entity">The entity key (e.g. a customer or application id).</param>
/// <param name="Record">The columns of the model's dataset as JSON (the label may be left out).</param>
/// <param name="Explain">Whether to compute the prediction's feature attributions.</param>
/// <param name="Version">Pins the request to a version, bypassing the deployment plan (for comparisons and replays).</param>
public sealed record PredictionRequest(string? Entity = null, JsonElement? Record = null, bool Explain = false, int? Version = null);
