namespace Keel.Secrets;

/// <summary>
/// The embedded default's secrets: one file per secret in a directory of the data directory
/// (<c>secrets/db-password</c> holds the value of <c>db-password</c>). The directory is created
/// 0700 and files are written 0600; a file that group or others may read is refused, as ssh
/// refuses a private key, because its value must be treated as already disclosed.
/// </summary>
public sealed class LocalFileSecretStore : ISecretStore
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public LocalFileSecretStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, SecretName.Require(name));

    public async Task<string?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return null;
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            throw new SecretStoreException(name, $"file {path}",
                $"the file may be read or written by group or others; restrict it to its owner (chmod 600 {path}).");
        }
        string value;
        try
        {
            value = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretStoreException(name, $"file {path}", e.Message, e);
        }
        // Editors and `echo` end the file with a newline that is not part of the value.
        value = value.EndsWith("\r\n", StringComparison.Ordinal) ? value[..^2] : value.EndsWith('\n') ? value[..^1] : value;
        return value.Length == 0 ? null : value;
    }

    /// <summary>Writes a secret owner-only, replacing it atomically so a reader never sees half a value.</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var path = PathOf(name);
        CreateDirectory();
        var temp = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }
            await using (var stream = new FileStream(temp, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(value.AsMemory(), cancellationToken);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public string Describe(string name) => $"file {PathOf(name)}";

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, OwnerOnlyDirectory);
        }
    }
}
