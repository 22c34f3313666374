using System.Collections.Concurrent;

namespace Keel.Workflows.Tests.Support;

/// <summary>What the toy activities did, shared across runtime restarts of one test.</summary>
public sealed class CallLog
{
    private readonly ConcurrentQueue<(string Activity, string InstanceId, string? Input)> _calls = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    /// <summary>Released by the test to let <c>Blocking</c> activities finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(string activity, string instanceId, string? input) => _calls.Enqueue((activity, instanceId, input));

    public int NextAttempt(string key) => _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public IReadOnlyList<(string Activity, string InstanceId, string? Input)> Calls(string activity, string instanceId) =>
        [.. _calls.Where(c => c.Activity == activity && c.InstanceId == instanceId)];
}
