using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Keel.Kafka.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void AddKeelKafka_binds_the_Keel_Kafka_section_and_serves_the_publisher_and_consumers()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Keel:Kafka:DefaultPartitions"] = "2",
                ["Keel:Kafka:ClientId"] = "keel-test",
                ["Keel:Kafka:Topics:orders:Partitions"] = "3",
                ["Keel:Kafka:Consumer:MaxBatchSize"] = "50",
                ["Keel:Kafka:Consumer:InitialBackoff"] = "00:00:00.250",
                ["Keel:Kafka:Producer:QueueBufferingMaxMessages"] = "1000",
                ["Keel:Kafka:Properties:socket.keepalive.enable"] = "true",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddKeelKafka(configuration);
        services.AddKeelKafkaConsumer("orders", _ => new RecordingHandler("a"));
        services.AddKeelKafkaConsumer("orders", _ => new RecordingHandler("b"), groupId: "audit");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;
        Assert.Equal(2, options.DefaultPartitions);
        Assert.Equal(50, options.Consumer.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Consumer.InitialBackoff);
        Assert.Equal(1000, options.Producer.QueueBufferingMaxMessages);
        Assert.Equal("true", options.Properties["socket.keepalive.enable"]);
        // Configured topics add to the defaults rather than replacing them.
        Assert.Equal(6, options.PartitionsOf(KeelTopics.Records));
        Assert.Equal(3, options.PartitionsOf("orders"));
        Assert.Equal(3, options.PartitionsOf("orders.dlq"));
        Assert.Equal(2, options.PartitionsOf("elsewhere"));

        var connection = provider.GetRequiredService<KafkaConnection>();
        Assert.True(connection.IsEmbedded);
        Assert.IsType<KafkaEventPublisher>(provider.GetRequiredService<IEventPublisher>());
        var producer = connection.CreateProducerConfig();
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.Equal("keel-test", producer.ClientId);
        Assert.Equal("true", producer.Get("socket.keepalive.enable"));
        var consumer = connection.CreateConsumerConfig("g");
        Assert.False(consumer.EnableAutoCommit);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);

        var consumers = provider.GetServices<IHostedService>().Cast<KafkaConsumerService>().Select(s => s.Consumer).ToList();
        Assert.Equal(["keel-a", "audit"], consumers.Select(c => c.GroupId));
        Assert.All(consumers, c => Assert.Equal("orders", c.Topic));
    }

    [Fact]
    public void Extra_properties_cannot_weaken_the_delivery_guarantees()
    {
        var options = new KafkaOptions { Properties = { ["acks"] = "1", ["enable.idempotence"] = "false", ["enable.auto.commit"] = "true" } };
        using var connection = new KafkaConnection(Options.Create(options));

        Assert.Equal(Acks.All, connection.CreateProducerConfig().Acks);
        Assert.True(connection.CreateProducerConfig().EnableIdempotence);
        Assert.False(connection.CreateConsumerConfig("g").EnableAutoCommit);
    }

    [Fact]
    public void Retry_backoff_doubles_from_the_initial_wait_up_to_the_cap_with_jitter()
    {
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(10);
        var random = new Random(7);
        for (var retry = 1; retry <= 12; retry++)
        {
            var ceiling = Math.Min(100 * Math.Pow(2, retry - 1), 10_000);
            for (var sample = 0; sample < 50; sample++)
            {
                var delay = RetryBackoff.Delay(retry, initial, max, random).TotalMilliseconds;
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
        Assert.NotEqual(RetryBackoff.Delay(3, initial, max, random), RetryBackoff.Delay(3, initial, max, random));
    }
}
