namespace Keel.Drift;

/// <summary>How a column is summarised and which drift tests apply to it.</summary>
public enum FeatureKind
{
    Numeric,
    Categorical,
    Binary,
}
