namespace Keel.Hardening.Files;

/// <summary>A file name or relative path that could reach outside the directory it is meant for, or be read differently there.</summary>
public sealed class UnsafeFileNameException(string message, string? parameterName = null) : ArgumentException(message, parameterName);
