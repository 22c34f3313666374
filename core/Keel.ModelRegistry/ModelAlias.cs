namespace Keel.ModelRegistry;

/// <summary>
/// A named pointer to one version of a model (<c>champion</c>, <c>challenger</c>), MLflow's
/// aliases. It belongs to the model rather than the version: moving it is one change, recorded
/// as an <see cref="AliasChange"/>.
/// </summary>
public sealed record ModelAlias(string Tenant, string ModelName, string Alias, int Version, string SetBy, DateTimeOffset SetAt);
