using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Keel.Storage.Artifacts;

/// <summary>
/// Flushes a directory's entries to disk. A rename is durable only once the directory holding it
/// is synced; without this a power loss after a put returned could leave the artifact missing
/// while a record that refers to it survived. .NET cannot open a directory as a file, hence libc.
/// Windows persists renames through the NTFS journal and needs nothing here.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory {directory} to sync it: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
        }
        try
        {
            // EINVAL: the file system cannot sync a directory (some FUSE mounts); its renames are
            // then as durable as it makes them, and failing every put would help no one.
            if (FSync(descriptor) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument)
            {
                throw new IOException($"Cannot sync directory {directory}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
