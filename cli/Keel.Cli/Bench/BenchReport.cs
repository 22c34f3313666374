using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Cli.Bench;

/// <summary>
/// What a benchmark measured, with its baseline from the same run and the machine it ran on.
/// Written as JSON so results can be compared across runs and copied into BENCHMARKS.md.
/// </summary>
public sealed record BenchReport
{
    public required string Name { get; init; }

    public required string Command { get; init; }

    public string Machine { get; init; } = Describe();

    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Sizes and settings of the run (rows, entities, iterations).</summary>
    public IReadOnlyDictionary<string, object> Parameters { get; init; } = new Dictionary<string, object>();

    /// <summary>The measurements, named with their unit (<c>records_per_s</c>, <c>p99_us</c>).</summary>
    public required IReadOnlyDictionary<string, double> Measurements { get; init; }

    /// <summary>The target the issue sets, in words, and whether this run met it.</summary>
    public required string Target { get; init; }

    public required bool TargetMet { get; init; }

    public string? Notes { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Reports are read by people: keep "≤" and "µs" as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}";
}
