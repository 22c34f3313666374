namespace Keel.ModelRegistry;

/// <summary>
/// A model, version or alias that the tenant does not have. Another tenant's objects are
/// answered exactly like objects that do not exist, so the answer reveals nothing about them.
/// </summary>
public sealed class RegistryNotFoundException(string message) : ModelRegistryException(message);
