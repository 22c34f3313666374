using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using YamlDotNet.RepresentationModel;

namespace Keel.Functions.Tests;

/// <summary>
/// The catalogue declares each handler's trigger once; the Functions host, the Dapr
/// subscriptions, dapr.yaml and host.json must say the same, or this fails.
/// </summary>
public class WiringConsistencyTests
{
    private static readonly Assembly Host = typeof(Keel.Functions.Host.IngestionFunctions).Assembly;

    private static IEnumerable<(MethodInfo Method, string Name)> HostFunctions() =>
        Host.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Method, p.Attribute!.Name));

    private static T? Trigger<T>(MethodInfo method) where T : Attribute =>
        method.GetParameters().Select(p => p.GetCustomAttribute<T>()).FirstOrDefault(a => a is not null);

    [Fact]
    public void The_functions_host_binds_exactly_the_catalogue()
    {
        Assert.Equal(
            FunctionCatalog.All.Select(f => f.Name).Order(),
            HostFunctions().Select(f => f.Name).Order());
    }

    [Fact]
    public void Http_functions_have_the_catalogue_route_and_method()
    {
        var host = HostFunctions().ToDictionary(f => f.Name, f => f.Method);
        foreach (var function in FunctionCatalog.All.OfType<HttpFunction>())
        {
            var trigger = Trigger<HttpTriggerAttribute>(host[function.Name]);
            Assert.NotNull(trigger);
            Assert.Equal(function.Route, trigger.Route);
            Assert.Equal([function.Method.ToLowerInvariant()], trigger.Methods!.Select(m => m.ToLowerInvariant()));
        }
    }

    [Fact]
    public void Topic_functions_are_dapr_push_targets_on_their_push_route()
    {
        var host = HostFunctions().ToDictionary(f => f.Name, f => f.Method);
        foreach (var function in FunctionCatalog.All.OfType<TopicFunction>())
        {
            var trigger = Trigger<HttpTriggerAttribute>(host[function.Name]);
            Assert.NotNull(trigger);
            Assert.Equal(function.PushRoute, trigger.Route);
            Assert.Equal(["post"], trigger.Methods!);
        }
    }

    [Fact]
    public void Timer_functions_have_the_catalogue_schedule()
    {
        var host = HostFunctions().ToDictionary(f => f.Name, f => f.Method);
        foreach (var function in FunctionCatalog.All.OfType<TimerFunction>())
        {
            var trigger = Trigger<TimerTriggerAttribute>(host[function.Name]);
            Assert.NotNull(trigger);
            Assert.Equal(function.Schedule, trigger.Schedule);
            Assert.NotNull(Cronos.CronExpression.Parse(function.Schedule, Cronos.CronFormat.IncludeSeconds));
        }
    }

    [Fact]
    public void The_generated_function_metadata_the_host_runtime_reads_matches_the_catalogue()
    {
        // The Worker SDK writes functions.metadata at build; it is what the Functions runtime indexes.
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var triggers = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In"));

        Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order(), triggers.Keys.Order());
        foreach (var function in FunctionCatalog.All)
        {
            var trigger = triggers[function.Name];
            switch (function)
            {
                case HttpFunction http:
                    Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(http.Route, trigger.GetProperty("route").GetString());
                    Assert.Equal(http.Method.ToLowerInvariant(), trigger.GetProperty("methods")[0].GetString());
                    break;
                case TopicFunction topic:
                    Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(topic.PushRoute, trigger.GetProperty("route").GetString());
                    break;
                case TimerFunction timer:
                    Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(timer.Schedule, trigger.GetProperty("schedule").GetString());
                    break;
            }
        }
    }

    [Fact]
    public void Every_topic_function_has_a_dapr_subscription_and_every_subscription_a_function()
    {
        var subscriptions = Resources().Where(r => Scalar(r, "kind") == "Subscription").ToList();
        var topics = FunctionCatalog.All.OfType<TopicFunction>().ToList();

        Assert.Equal(topics.Count, subscriptions.Count);
        foreach (var function in topics)
        {
            var subscription = subscriptions.SingleOrDefault(s => Scalar(s, "spec", "topic") == function.Topic && Scalar(s, "spec", "routes", "default") == function.PushPath);
            Assert.True(subscription is not null, $"No subscription in components/ for topic {function.Topic} ({function.Name}).");
            Assert.Equal(function.PubSubComponent, Scalar(subscription, "spec", "pubsubname"));
            Assert.Equal(function.PushPath, Scalar(subscription, "spec", "routes", "default"));
            Assert.Equal(function.DeadLetterTopic, Scalar(subscription, "spec", "deadLetterTopic"));
            Assert.Contains(FunctionCatalog.AppId, Sequence(subscription, "scopes"));
        }
    }

    [Fact]
    public void Every_topic_function_has_a_kafka_pubsub_of_its_own_consumer_group_scoped_to_the_functions_app()
    {
        var components = Resources().Where(r => Scalar(r, "kind") == "Component" && Scalar(r, "spec", "type") == "pubsub.kafka").ToList();
        var topics = FunctionCatalog.All.OfType<TopicFunction>().ToList();

        // One per function: Dapr pushes a topic once per component and app, so a shared component
        // would give keel.predictions to only one of the functions that read it.
        Assert.Equal(topics.Count, components.Count);
        Assert.Equal(topics.Count, topics.Select(t => t.PubSubComponent).Distinct().Count());
        foreach (var function in topics)
        {
            var pubsub = components.SingleOrDefault(c => Scalar(c, "metadata", "name") == function.PubSubComponent);
            Assert.True(pubsub is not null, $"No pub/sub component '{function.PubSubComponent}' in components/ for {function.Name}.");
            Assert.Equal(function.ConsumerGroup, Metadata(pubsub, "consumerGroup"));
            Assert.Contains(FunctionCatalog.AppId, Sequence(pubsub, "scopes"));
        }
    }

    [Fact]
    public void Every_pubsub_component_has_the_delivery_retries()
    {
        var resiliency = Resources().Single(r => Scalar(r, "kind") == "Resiliency");
        var targets = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)resiliency)["spec"])["targets"])["components"];
        foreach (var function in FunctionCatalog.All.OfType<TopicFunction>())
        {
            Assert.True(targets.Children.ContainsKey(function.PubSubComponent), $"resiliency.yaml has no retries for '{function.PubSubComponent}'.");
        }
    }

    private static string? Metadata(YamlNode component, string name) =>
        ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)component)["spec"])["metadata"])
            .Cast<YamlMappingNode>()
            .SingleOrDefault(m => m["name"].ToString() == name)?["value"].ToString();

    [Fact]
    public void Dapr_yaml_runs_the_functions_host_with_the_components()
    {
        var dapr = Load(RepoRoot.File("dapr.yaml"));

        Assert.Equal("./components", Scalar(dapr, "common", "resourcesPath"));
        var apps = (YamlSequenceNode)((YamlMappingNode)dapr)["apps"];
        var functions = apps.Cast<YamlMappingNode>().Single(a => a["appID"].ToString() == FunctionCatalog.AppId);
        var dir = functions["appDirPath"].ToString();
        Assert.True(File.Exists(Path.Combine(RepoRoot.Path, dir, "Keel.Functions.Host.csproj")), $"dapr.yaml points {FunctionCatalog.AppId} at {dir}, which holds no Functions host.");
    }

    [Fact]
    public void Host_json_serves_http_routes_under_the_catalogue_prefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepoRoot.File("host.json")));

        Assert.Equal(FunctionCatalog.RoutePrefix, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    private static IEnumerable<YamlNode> Resources() =>
        Directory.EnumerateFiles(RepoRoot.File("components"), "*.yaml").Select(Load);

    private static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return (node as YamlScalarNode)?.Value;
    }

    private static IEnumerable<string?> Sequence(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Select(n => (n as YamlScalarNode)?.Value)
            : [];
}
