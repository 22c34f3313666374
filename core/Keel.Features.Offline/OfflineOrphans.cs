namespace Keel.Features.Offline;

/// <summary>
/// Removes what crashed appends left behind: Parquet files renamed into place but never
/// committed to the manifest, and temporary files never renamed. Only files older than the grace
/// period go, so an append in flight in another process keeps its files.
/// </summary>
internal static class OfflineOrphans
{
    public static int Sweep(string root, IReadOnlySet<string> committed, TimeSpan gracePeriod)
    {
        var cutoff = DateTime.UtcNow - gracePeriod;
        var swept = 0;
        foreach (var tenant in Directory.EnumerateDirectories(root))
        {
            // Directories of the store's own ('_manifest…', '_duckdb_tmp') are not tenants.
            if (Path.GetFileName(tenant).StartsWith('_'))
            {
                continue;
            }
            foreach (var path in Directory.EnumerateFiles(tenant, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(path);
                var isPart = name.StartsWith(OfflineFileWriter.FilePrefix, StringComparison.Ordinal) && name.EndsWith(OfflineFileWriter.FileExtension, StringComparison.Ordinal);
                var isTemp = name.StartsWith(OfflineFileWriter.TempPrefix, StringComparison.Ordinal) && name.EndsWith(OfflineFileWriter.TempExtension, StringComparison.Ordinal);
                var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                if ((isTemp || (isPart && !committed.Contains(relative))) && File.GetLastWriteTimeUtc(path) <= cutoff)
                {
                    try
                    {
                        File.Delete(path);
                        swept++;
                    }
                    catch (IOException)
                    {
                        // In use or already gone; the next open tries again.
                    }
                }
            }
        }
        return swept;
    }
}
