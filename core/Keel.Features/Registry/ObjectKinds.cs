namespace Keel.Features.Registry;

/// <summary>The kinds of object the registry versions.</summary>
public static class ObjectKinds
{
    public const string Project = "project";
    public const string Dataset = "dataset";
    public const string Entity = "entity";
    public const string View = "feature_view";
    public const string Service = "feature_service";
}
