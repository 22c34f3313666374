using Confluent.Kafka;
using Keel.Events;
using Microsoft.Extensions.Options;

namespace Keel.Kafka.Tests;

public sealed class EmbeddedClusterTests
{
    [Fact]
    public void Without_bootstrap_servers_an_embedded_cluster_of_three_brokers_starts_with_the_configured_topics()
    {
        var logs = new LogLines();
        var options = new KafkaOptions { EmbeddedRebalanceDelay = TimeSpan.Zero };
        options.Topics["orders"] = new KafkaTopicOptions { Partitions = 4 };
        options.Topics["payments"] = new KafkaTopicOptions { Partitions = 2 };
        using var connection = new KafkaConnection(Options.Create(options), logs.For<KafkaConnection>());

        Assert.True(connection.IsEmbedded);
        Assert.NotNull(connection.Embedded);
        Assert.Equal(connection.Embedded.BootstrapServers, connection.BootstrapServers);
        Assert.Equal([1, 2, 3], connection.Embedded.BrokerIds);
        Assert.True(logs.Contains($"Kafka bootstrap: {connection.BootstrapServers} (embedded mock cluster, 3 brokers)"), string.Join("\n", logs.Lines));

        var metadata = Metadata(connection.BootstrapServers);
        Assert.Equal(3, metadata.Brokers.Count);
        var partitions = metadata.Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal(6, partitions[KeelTopics.Records]);
        Assert.Equal(6, partitions[KeelTopics.DeadLetterOf(KeelTopics.Records)]);
        Assert.Equal(4, partitions["orders"]);
        Assert.Equal(4, partitions["orders.dlq"]);
        Assert.Equal(2, partitions["payments"]);
        Assert.Equal(2, partitions["payments.dlq"]);
        // Three replicas each, so a broker can go down without a partition losing its data.
        Assert.All(metadata.Topics.Single(t => t.Topic == "orders").Partitions, p => Assert.Equal(3, p.Replicas.Length));
    }

    [Fact]
    public void A_topic_first_used_later_gets_the_default_partition_count_and_a_dead_letter_topic()
    {
        using var connection = new KafkaConnection(Options.Create(new KafkaOptions { DefaultPartitions = 3 }));

        connection.EnsureTopic("later");
        connection.EnsureTopic("later");

        var partitions = Metadata(connection.BootstrapServers).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        Assert.Equal(3, partitions["later"]);
        Assert.Equal(3, partitions["later.dlq"]);
    }

    [Fact]
    public async Task With_bootstrap_servers_configured_that_cluster_is_used_and_none_is_started()
    {
        // A second embedded cluster plays the real cluster, its topics created by an operator.
        using var real = new EmbeddedKafkaCluster(3, TimeSpan.Zero);
        foreach (var topic in new[] { KeelTopics.Records, "keel.records.dlq", "orders", "orders.dlq" })
        {
            real.CreateTopic(topic, 2, 3);
        }
        var logs = new LogLines();
        var options = new KafkaOptions { BootstrapServers = real.BootstrapServers, AdminTimeout = TimeSpan.FromSeconds(3) };
        options.Topics["orders"] = new KafkaTopicOptions { Partitions = 2 };
        using var connection = new KafkaConnection(Options.Create(options), logs.For<KafkaConnection>());

        Assert.False(connection.IsEmbedded);
        Assert.Null(connection.Embedded);
        Assert.Equal(real.BootstrapServers, connection.BootstrapServers);
        Assert.True(logs.Contains($"Kafka bootstrap: {real.BootstrapServers} (configured cluster)"), string.Join("\n", logs.Lines));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("embedded", StringComparison.Ordinal));

        // The same publisher writes to the configured cluster.
        using var publisher = new KafkaEventPublisher(connection);
        await publisher.PublishAsync("orders", TestEvents.Records(20), CancellationToken.None);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = real.BootstrapServers, GroupId = "check" }).Build();
        var stored = Enumerable.Range(0, 2).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition("orders", p), TimeSpan.FromSeconds(10)).High.Value);
        Assert.Equal(20, stored);

        // A topic the cluster lacks and Keel cannot create (the mock has no CreateTopics) is reported by name.
        var error = Assert.Throws<InvalidOperationException>(() => connection.EnsureTopic("absent"));
        Assert.Contains("absent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_cluster_injects_broker_faults_and_rejects_unknown_brokers()
    {
        using var cluster = new EmbeddedKafkaCluster(3);
        cluster.CreateTopic("faults", 3, 3);
        cluster.SetBrokerDown(2);
        cluster.SetBrokerUp(2);
        cluster.SetPartitionLeader("faults", 0, 3);
        Assert.Equal(3, Metadata(cluster.BootstrapServers).Topics.Single(t => t.Topic == "faults").Partitions.Single(p => p.PartitionId == 0).Leader);
        Assert.Throws<InvalidOperationException>(() => cluster.SetBrokerDown(9));
    }

    private static Metadata Metadata(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10));
    }
}
