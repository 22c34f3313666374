using Keel.Features.Definitions;

namespace Keel.Gates;

/// <summary>
/// A protected attribute's value for every holdout row (same order as the labels): long or
/// double for numeric attributes, string or bool for categorical ones, null when missing.
/// </summary>
public sealed record ProtectedAttribute(string Name, FeatureType Type, IReadOnlyList<object?> Values);
