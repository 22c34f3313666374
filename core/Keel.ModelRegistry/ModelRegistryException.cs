namespace Keel.ModelRegistry;

/// <summary>
/// What the registry refuses for a reason other than malformed input (which is an
/// <see cref="ArgumentException"/>): something missing, a conflict, a forbidden transition.
/// </summary>
public abstract class ModelRegistryException(string message, Exception? inner = null) : Exception(message, inner);
