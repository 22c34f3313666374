namespace Keel.Hardening.Files;

/// <summary>
/// Joins a caller-supplied relative path (<c>plots/roc.png</c>) to a root so that the result
/// stays under the root: every segment must be a <see cref="SafeFileName"/>, the joined full path
/// must start with the root, and no directory already on the way may be a symbolic link, which
/// would lead outside however the segments read.
/// </summary>
public static class SafePath
{
    public const int MaxSegments = 32;

    /// <summary>The full path of <paramref name="relativePath"/> under <paramref name="root"/>.</summary>
    /// <exception cref="UnsafeFileNameException">The path is not a plain relative path or would leave the root.</exception>
    public static string Combine(string root, string? relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (string.IsNullOrEmpty(relativePath))
        {
            throw new UnsafeFileNameException("A relative path is required.", nameof(relativePath));
        }
        var segments = relativePath.Split('/');
        if (segments.Length > MaxSegments)
        {
            throw new UnsafeFileNameException($"The path has {segments.Length} segments; at most {MaxSegments} are allowed.", nameof(relativePath));
        }
        foreach (var segment in segments)
        {
            if (SafeFileName.Check(segment) is { } problem)
            {
                throw new UnsafeFileNameException($"The path '{SafeFileName.Shown(relativePath)}' is not allowed: {problem}", nameof(relativePath));
            }
        }

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var combined = Path.GetFullPath(Path.Combine([fullRoot, .. segments]));
        if (!IsUnder(fullRoot, combined))
        {
            throw new UnsafeFileNameException($"The path '{SafeFileName.Shown(relativePath)}' leads outside {fullRoot}.", nameof(relativePath));
        }
        RefuseLinks(fullRoot, segments, relativePath);
        return combined;
    }

    /// <summary>Whether <paramref name="path"/> is strictly inside <paramref name="root"/> (both full paths).</summary>
    public static bool IsUnder(string root, string path)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison) && path.Length > prefix.Length;
    }

    private static void RefuseLinks(string root, string[] segments, string relativePath)
    {
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            // Checked before existence: writing through a dangling link creates its target, wherever that is.
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new UnsafeFileNameException($"The path '{SafeFileName.Shown(relativePath)}' passes through a symbolic link ({current}).", nameof(relativePath));
            }
            if (!info.Exists && !Directory.Exists(current))
            {
                return;
            }
        }
    }
}
