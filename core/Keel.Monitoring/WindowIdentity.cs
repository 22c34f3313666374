using System.Security.Cryptography;
using System.Text;
using Keel.Drift.Windows;

namespace Keel.Monitoring;

/// <summary>
/// What makes a judged window the same window, for its alerts' ids and its place in the history:
/// its slot and size alone do not, since windows that fill up split one time slot into several of
/// the same size and reason, so a hash of its profile is part of it.
/// </summary>
public static class WindowIdentity
{
    public static string Of(DateTimeOffset? start, DateTimeOffset? end, long rows, WindowCloseReason reason, string profileJson) =>
        $"{start?.ToUnixTimeMilliseconds()}/{end?.ToUnixTimeMilliseconds()}/{rows}/{reason}/"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profileJson)));
}
