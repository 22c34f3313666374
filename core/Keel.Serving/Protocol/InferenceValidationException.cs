namespace Keel.Serving.Protocol;

/// <summary>An inference request the model cannot take; the message says what is wrong (HTTP 400).</summary>
public sealed class InferenceValidationException(string message) : Exception(message);
