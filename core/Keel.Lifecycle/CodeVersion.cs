using System.Reflection;

namespace Keel.Lifecycle;

/// <summary>The version of Keel's code that trained a model, as lineage records it: the assembly's informational version (the package version and, when built from git, the commit).</summary>
public static class CodeVersion
{
    public static string Current { get; } =
        typeof(CodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CodeVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
