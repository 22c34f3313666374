using Keel.Storage;

namespace Keel.Secrets;

/// <summary>
/// The embedded default's secrets: one file per secret in a directory of the data directory
/// (<c>secrets/db-password</c> holds the value of <c>db-password</c>). The directory is created
/// 0700 and files are written 0600; a file that group or others may read is refused, as ssh
/// refuses a private key, because its value must be treated as already disclosed.
/// </summary>
public sealed class LocalFileSecretStore : ISecretStore
{
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
        if (OwnerOnlyFile.IsExposed(path))
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
        OwnerOnlyFile.EnsureDirectory(Directory);
        await OwnerOnlyFile.WriteAsync(path, value, overwrite: true, cancellationToken);
    }

    public string Describe(string name) => $"file {PathOf(name)}";
}
