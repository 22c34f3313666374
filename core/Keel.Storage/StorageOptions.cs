namespace Keel.Storage;

/// <summary>Where the embedded engines keep their files (<c>Keel:DataDir</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Keel";

    /// <summary>Root of every embedded store. Defaults to <c>.keel/data</c> under the current directory.</summary>
    public string DataDir { get; set; } = Path.Combine(".keel", "data");

    public string Resolve(params string[] parts) => Path.Combine([Path.GetFullPath(DataDir), .. parts]);
}
