namespace Keel.Storage;

/// <summary>
/// Files only their owner may read (private keys, secrets): written owner-only (0600) from the first
/// byte through a temporary file moved into place, kept in owner-only (0700) directories, and refused
/// once group or others have access, as ssh refuses a private key: its contents must then be treated
/// as disclosed. The mode checks do not apply on Windows.
/// </summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the directory owner-only when it does not exist; an existing one is left as it is.</summary>
    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerDirectory);
        }
    }

    /// <summary>Whether group or others may read or write the file.</summary>
    public static bool IsExposed(string path) => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0;

    /// <summary>The file's mode in octal, for messages.</summary>
    public static string Mode(string path) =>
        OperatingSystem.IsWindows() ? "n/a" : Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> atomically, so a reader never sees half
    /// of it. Without <paramref name="overwrite"/>, a file already there wins: false is returned and it is
    /// left untouched, so two processes racing to create a key end up with the same one.
    /// </summary>
    public static async Task<bool> WriteAsync(string path, string text, bool overwrite, CancellationToken cancellationToken = default)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerReadWrite;
            }
            await using (var file = new FileStream(temporary, options))
            await using (var writer = new StreamWriter(file))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows())
            {
                // The create mode is filtered by the umask; the file must be exactly owner read/write.
                File.SetUnixFileMode(temporary, OwnerReadWrite);
            }
            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary><see cref="WriteAsync"/> for callers that start up synchronously (a key read at start).</summary>
    public static bool Write(string path, string text, bool overwrite) =>
        WriteAsync(path, text, overwrite).GetAwaiter().GetResult();
}
