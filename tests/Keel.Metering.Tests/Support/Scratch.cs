namespace Keel.Metering.Tests;

/// <summary>A directory of the test's own, deleted with it.</summary>
internal sealed class Scratch : IDisposable
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "keel-metering-tests", Guid.NewGuid().ToString("N"));

    public Scratch() => System.IO.Directory.CreateDirectory(Directory);

    public string Path(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp directory is cleaned eventually.
        }
    }
}
