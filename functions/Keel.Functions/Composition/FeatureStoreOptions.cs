namespace Keel.Functions.Composition;

/// <summary>Paths of the embedded feature store's metadata files under the data directory.</summary>
public static class FeatureStorePaths
{
    public static readonly string[] Registry = ["registry", "features.db"];
    public static readonly string[] Watermarks = ["registry", "materialization.db"];
}
