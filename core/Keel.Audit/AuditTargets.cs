using System.Globalization;

namespace Keel.Audit;

/// <summary>Target names, written one way everywhere so that <c>keel audit show --target</c> finds them.</summary>
public static class AuditTargets
{
    public static string Model(string name, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"model:{name}:{version}");

    public static string Policy(string name) => $"policy:{name}";

    public static string Role(string principal) => $"role:{principal}";
}
