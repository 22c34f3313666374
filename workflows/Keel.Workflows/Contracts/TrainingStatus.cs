using System.Text.Json.Serialization;

namespace Keel.Workflows;

/// <summary>How a training request ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingStatus>))]
public enum TrainingStatus
{
    /// <summary>Approved, in Production and the champion.</summary>
    [JsonStringEnumMemberName("deployed")] Deployed,

    /// <summary>A gate failed: nothing was registered.</summary>
    [JsonStringEnumMemberName("rejected_by_gates")] RejectedByGates,

    /// <summary>An approver rejected the version; it was archived.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,

    /// <summary>Nobody approved the version in time; it was archived.</summary>
    [JsonStringEnumMemberName("timed_out")] TimedOut,

    /// <summary>The version went live as a canary and canary analysis (or its deadline) rolled it back; it was archived and the stable version serves.</summary>
    [JsonStringEnumMemberName("rolled_back")] RolledBack,

    /// <summary>A step failed after its retries; anything registered was undone (archived, champion and Production restored).</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The request cannot succeed as it is (a spec that does not parse, an unknown feature service, no data).</summary>
    [JsonStringEnumMemberName("invalid")] Invalid,
}
