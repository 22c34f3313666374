using System.Collections.Concurrent;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Keel.Events;
using Microsoft.Extensions.Logging;

namespace Keel.Kafka;

/// <summary>
/// Creates the topics Keel uses, each with its dead-letter sibling. The embedded cluster gets them
/// through the mock API (it has no CreateTopics). A real cluster is asked for its topic list first,
/// so a cluster whose topics an operator created (and where Keel may lack the right to create any)
/// works, and only missing topics are created with the admin API.
/// </summary>
internal sealed class KafkaTopicProvisioner(KafkaConnection connection, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, bool> _ensured = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IAdminClient? _admin;

    public void Ensure(IEnumerable<string> topics)
    {
        var wanted = topics
            .SelectMany(t => t.EndsWith(KeelTopics.DeadLetterSuffix, StringComparison.Ordinal) ? new[] { t } : new[] { t, KeelTopics.DeadLetterOf(t) })
            .Where(t => !_ensured.ContainsKey(t))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            wanted.RemoveAll(_ensured.ContainsKey);
            if (wanted.Count == 0)
            {
                return;
            }
            if (connection.Embedded is { } embedded)
            {
                var replicas = Math.Min(connection.Options.ReplicationFactor ?? 3, embedded.BrokerIds.Count);
                foreach (var topic in wanted)
                {
                    embedded.CreateTopic(topic, connection.Options.PartitionsOf(topic), replicas);
                }
            }
            else
            {
                EnsureOnCluster(wanted);
            }
            foreach (var topic in wanted)
            {
                _ensured[topic] = true;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _admin?.Dispose();
            _admin = null;
        }
    }

    private void EnsureOnCluster(List<string> wanted)
    {
        _admin ??= new AdminClientBuilder(connection.CreateAdminConfig())
            .SetLogHandler((_, message) => KafkaClientLog.Write(logger, message))
            .Build();

        var timeout = connection.Options.AdminTimeout;
        Dictionary<string, int> existing;
        try
        {
            existing = _admin.GetMetadata(timeout).Topics
                .Where(t => t.Error.Code == ErrorCode.NoError)
                .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException($"Kafka cluster {connection.BootstrapServers} did not list its topics within {timeout.TotalSeconds:0.#} s: {ex.Error.Reason}", ex);
        }
        var missing = new List<TopicSpecification>();
        foreach (var topic in wanted)
        {
            var partitions = connection.Options.PartitionsOf(topic);
            if (existing.TryGetValue(topic, out var actual))
            {
                if (actual < partitions)
                {
                    logger.LogWarning("Kafka topic {Topic} has {Actual} partitions, fewer than the {Configured} configured, which limits how many consumers of it can run in parallel", topic, actual, partitions);
                }
                continue;
            }
            missing.Add(new TopicSpecification
            {
                Name = topic,
                NumPartitions = partitions,
                // -1 lets the broker apply its default.replication.factor.
                ReplicationFactor = connection.Options.ReplicationFactor ?? -1,
            });
        }
        if (missing.Count == 0)
        {
            return;
        }

        try
        {
            _admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout })
                .GetAwaiter().GetResult();
        }
        catch (CreateTopicsException ex)
        {
            // Another instance creating the same topic at the same moment is success.
            var failed = ex.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failed.Count > 0)
            {
                throw new InvalidOperationException(
                    "Kafka topics could not be created: " + string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}")) +
                    ". Create them on the cluster or grant Keel's principal CREATE on them.", ex);
            }
        }
        catch (KafkaException ex)
        {
            throw new InvalidOperationException(
                $"Kafka topics {string.Join(", ", missing.Select(t => t.Name))} could not be created: {ex.Error.Reason}", ex);
        }
        foreach (var topic in missing)
        {
            logger.LogInformation("Created Kafka topic {Topic} with {Partitions} partitions", topic.Name, topic.NumPartitions);
        }
    }
}
