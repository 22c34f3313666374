using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Storage;

namespace Keel.Training;

/// <summary>
/// Training specs on disk and in lineage: read from YAML or JSON (by extension, else by content),
/// written as canonical JSON that reads back to the same spec, and hashed over that JSON.
/// </summary>
public static class TrainingSpecFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TrainingSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TrainingSpecException(path, "", null, "no such file");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="text">The spec as YAML or JSON.</param>
    /// <param name="origin">Where it came from (a path decides the format by its extension); named in errors.</param>
    public static TrainingSpec Parse(string text, string origin = "training spec")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TrainingSpecException(origin, "", null, "the spec is empty");
        }
        var root = SpecDocumentReader.LooksLikeJson(text, origin)
            ? SpecDocumentReader.ReadJson(text, origin)
            : SpecDocumentReader.ReadYaml(text, origin);
        return TrainingSpecReader.Read(root, origin);
    }

    /// <summary>The spec as JSON with every default filled in; <see cref="Parse"/> reads it back to an equal spec.</summary>
    public static string ToJson(TrainingSpec spec, bool indented = true) =>
        indented ? ToJsonNode(spec).ToJsonString(Indented) : ToJsonNode(spec).ToJsonString();

    public static string HashOf(TrainingSpec spec) => ContentHash.OfJson(ToJsonNode(spec));

    public static JsonObject ToJsonNode(TrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var node = new JsonObject
        {
            ["name"] = spec.Name,
            ["experiment"] = spec.Experiment,
        };
        AddIfSet(node, "description", spec.Description);
        AddIfSet(node, "owner", spec.Owner);
        AddIfSet(node, "intended_use", spec.IntendedUse);
        AddIfSet(node, "limitations", spec.Limitations);
        node["feature_service"] = spec.FeatureService;
        AddIfSet(node, "label_view", spec.LabelView);
        node["label"] = spec.Label;
        node["task"] = spec.Task.Name();
        AddIfSet(node, "positive_class", spec.PositiveClass);
        node["model_type"] = spec.ModelType.Name();
        node["hyper_parameters"] = HyperParameters(spec.HyperParameters);
        node["seed"] = spec.Seed;
        node["holdout_fraction"] = spec.HoldoutFraction;
        node["protected_attributes"] = new JsonArray(spec.ProtectedAttributes.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        var gates = new JsonObject();
        foreach (var (gate, settings) in spec.Gates.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            gates[gate] = Plain(settings);
        }
        node["gates"] = gates;
        if (spec.Search is { } search)
        {
            node["search"] = Search(search);
        }
        var tags = new JsonObject();
        foreach (var (key, value) in spec.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tags[key] = value;
        }
        node["tags"] = tags;
        // Written only when requested: a spec without the section keeps the hash it always had.
        if (spec.Resources != ResourceRequest.Default)
        {
            var resources = new JsonObject
            {
                ["cores"] = spec.Resources.Cores,
                ["memory_gb"] = spec.Resources.MemoryGb,
                ["gpus"] = spec.Resources.Gpus,
            };
            if (spec.Resources.GpuType is { } gpuType)
            {
                resources["gpu_type"] = gpuType;
            }
            node["resources"] = resources;
        }
        return node;
    }

    private static JsonObject HyperParameters(IReadOnlyDictionary<string, HyperParameterValue> values)
    {
        var node = new JsonObject();
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            node[name] = value.ToJsonNode();
        }
        return node;
    }

    private static JsonObject Search(SearchSpec search)
    {
        var node = new JsonObject
        {
            ["strategy"] = search.Strategy == SearchStrategy.Grid ? "grid" : "random",
        };
        if (search.Trials is { } trials)
        {
            node["trials"] = trials;
        }
        node["metric"] = search.Metric;
        var space = new JsonObject();
        foreach (var (name, dimension) in search.Space.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            space[name] = dimension.Values is { } values
                ? new JsonArray(values.Select(v => (JsonNode?)v.ToJsonNode()).ToArray())
                : new JsonObject { ["min"] = dimension.Min, ["max"] = dimension.Max, ["log"] = dimension.Log };
        }
        node["space"] = space;
        return node;
    }

    // Gate settings are free-form: the values the reader produces (and what code may put there) become plain JSON.
    private static JsonNode? Plain(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        IReadOnlyDictionary<string, object?> map => new JsonObject(map
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Plain(p.Value)))),
        IDictionary map => new JsonObject(map.Cast<DictionaryEntry>()
            .Select(e => KeyValuePair.Create(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", Plain(e.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(Plain).ToArray()),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };

    private static void AddIfSet(JsonObject node, string key, string? value)
    {
        if (value is not null)
        {
            node[key] = value;
        }
    }
}
