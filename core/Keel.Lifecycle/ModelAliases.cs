namespace Keel.Lifecycle;

/// <summary>The registry aliases the life cycle moves.</summary>
public static class ModelAliases
{
    /// <summary>The version serving answers with and new candidates are compared against.</summary>
    public const string Champion = "champion";
}
