namespace Keel.Serving.Protocol;

/// <summary>A model or version that is not loaded for the tenant (HTTP 404).</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
