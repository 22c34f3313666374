using System.Text;

namespace Keel.Hardening.Files;

/// <summary>
/// Whether a caller-supplied name (an artifact, an uploaded file) may name a file on its own: one
/// path segment that every file system and object store reads the same way. Refuses what could
/// leave the intended directory (<c>..</c>, separators, rooted and drive paths) and what a file
/// system would read differently from the caller (NUL and control characters, Windows device
/// names, trailing dots and spaces, characters Windows forbids).
/// </summary>
public static class SafeFileName
{
    public const int MaxBytes = 255;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    private const string ForbiddenCharacters = "<>:\"|?*";

    public static bool IsValid(string? name) => Check(name) is null;

    /// <summary>Null when the name is safe, else what is wrong with it.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "A file name is required.";
        }
        var shown = Shown(name);
        if (name is "." or "..")
        {
            return $"'{shown}' names a directory, not a file.";
        }
        if (name.Contains('/') || name.Contains('\\'))
        {
            return $"'{shown}' contains a path separator; a file name is one path segment.";
        }
        if (name.Any(char.IsControl))
        {
            return $"'{shown}' contains a control character (NUL, newline or similar).";
        }
        if (name.IndexOfAny(ForbiddenCharacters.ToCharArray()) >= 0)
        {
            return $"'{shown}' contains one of {ForbiddenCharacters}, which are not allowed in file names.";
        }
        if (name != name.Trim() || name.EndsWith('.'))
        {
            return $"'{shown}' starts or ends with a space or ends with '.', which some file systems drop.";
        }
        if (ReservedNames.Contains(name.Split('.')[0].TrimEnd()))
        {
            return $"'{shown}' is a reserved device name on Windows.";
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return $"The file name is longer than {MaxBytes} bytes.";
        }
        return null;
    }

    /// <summary>The name when safe, else an <see cref="UnsafeFileNameException"/> saying why.</summary>
    public static string Require(string? name, string? parameterName = null) =>
        Check(name) is { } problem ? throw new UnsafeFileNameException(problem, parameterName) : name!;

    internal static string Shown(string name)
    {
        var shown = name.Length > 100 ? name[..100] + "…" : name;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
