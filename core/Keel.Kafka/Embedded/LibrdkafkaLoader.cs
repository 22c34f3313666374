using System.Reflection;
using System.Runtime.InteropServices;

namespace Keel.Kafka;

/// <summary>
/// Finds the librdkafka that ships in the librdkafka.redist package for this assembly's own
/// P/Invoke calls. The package's default Linux build needs libsasl2, which many hosts lack, so
/// the glibc (CentOS 8) and musl (Alpine) builds beside it are tried too; the first that loads is kept.
/// </summary>
internal static class LibrdkafkaLoader
{
    public const string LibraryName = "librdkafka";

    private static readonly Lock Gate = new();
    private static bool _registered;
    private static IntPtr _handle;

    /// <summary>Installs the resolver; safe to call any number of times, before the first native call.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaLoader).Assembly, Resolve);
            _registered = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
            {
                return _handle;
            }
            var tried = new List<string>();
            foreach (var candidate in Candidates())
            {
                tried.Add(candidate);
                if (NativeLibrary.TryLoad(candidate, out var handle))
                {
                    _handle = handle;
                    return handle;
                }
            }
            throw new DllNotFoundException("librdkafka could not be loaded; tried: " + string.Join(", ", tried));
        }
    }

    private static IEnumerable<string> Candidates()
    {
        var names = FileNames();
        var directory = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeId(), "native");
        foreach (var name in names)
        {
            yield return Path.Combine(directory, name);
        }
        foreach (var name in names)
        {
            yield return Path.Combine(AppContext.BaseDirectory, name);
        }
        // Last, whatever the system's loader finds (a distribution package of librdkafka).
        foreach (var name in names)
        {
            yield return name;
        }
    }

    private static string[] FileNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }
        if (OperatingSystem.IsMacOS())
        {
            return ["librdkafka.dylib"];
        }
        return ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so", "librdkafka.so.1"];
    }

    private static string RuntimeId()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return $"{os}-{architecture}";
    }
}
