namespace Keel.Training;

/// <summary>
/// Turns a spec document tree into a <see cref="TrainingSpec"/>: every field typed and named in
/// its errors, unknown keys rejected, then the spec's rules checked (<see cref="TrainingSpecValidator"/>)
/// with the line of the field at fault, and hyper-parameter aliases written under their canonical names.
/// </summary>
internal static class TrainingSpecReader
{
    public static TrainingSpec Read(SpecNode root, string origin)
    {
        var fields = new SpecFields(root, origin, "");
        var description = fields.Text("description");
        var purpose = fields.Text("purpose");
        if (description is not null && purpose is not null)
        {
            throw fields.Error("purpose", fields.Node("purpose"), "give 'description' or 'purpose', not both (they are the same field)");
        }
        var spec = new TrainingSpec
        {
            Name = fields.RequiredText("name"),
            Description = description ?? purpose,
            Owner = fields.Text("owner"),
            IntendedUse = fields.Text("intended_use"),
            Limitations = fields.Text("limitations"),
            FeatureService = fields.RequiredText("feature_service"),
            LabelView = fields.Text("label_view"),
            Label = fields.RequiredText("label"),
            Task = ReadTask(fields),
            PositiveClass = fields.Text("positive_class"),
            ModelType = ReadModelType(fields),
            HyperParameters = ReadHyperParameters(fields.Map("hyper_parameters")),
            Seed = fields.Integer("seed") ?? TrainingSpec.DefaultSeed,
            HoldoutFraction = fields.Number("holdout_fraction") ?? TrainingSpec.DefaultHoldoutFraction,
            ProtectedAttributes = fields.TextList("protected_attributes"),
            Gates = ReadGates(fields.Map("gates")),
            Tags = ReadTags(fields.Map("tags")),
            Resources = ReadResources(fields.Map("resources")),
        };
        spec = spec with { Search = ReadSearch(fields.Map("search"), spec.Task) };
        if (fields.Text("experiment") is { } experiment)
        {
            spec = spec with { Experiment = experiment };
        }
        fields.RejectUnknown();

        if (TrainingSpecValidator.Problems(spec).FirstOrDefault() is { Field: { } field, Problem: { } problem })
        {
            throw new TrainingSpecException(origin, field, LineOf(root, field), problem);
        }
        return Canonical(spec);
    }

    private static TrainingTask ReadTask(SpecFields fields)
    {
        var text = fields.Text("task");
        if (text is null)
        {
            return TrainingTask.Binary;
        }
        return TrainingTasks.TryParse(text, out var task)
            ? task
            : throw fields.Error("task", fields.Node("task"), $"'{text}' is not a task; use binary or regression");
    }

    private static ModelType ReadModelType(SpecFields fields)
    {
        var text = fields.Text("model_type");
        if (text is null)
        {
            return ModelType.LightGbm;
        }
        return ModelTypes.TryParse(text, out var type)
            ? type
            : throw fields.Error("model_type", fields.Node("model_type"), $"'{text}' is not a model type; use {ModelTypes.Accepted}");
    }

    private static Dictionary<string, HyperParameterValue> ReadHyperParameters(SpecFields? section)
    {
        var values = new Dictionary<string, HyperParameterValue>(StringComparer.Ordinal);
        if (section is null)
        {
            return values;
        }
        foreach (var (name, node) in section.Entries())
        {
            values[name] = Value(section, name, node);
        }
        return values;
    }

    private static HyperParameterValue Value(SpecFields section, string key, SpecNode node) => node switch
    {
        SpecScalar { Value: double number } => HyperParameterValue.Of(number),
        SpecScalar { Value: string word } => HyperParameterValue.Of(word),
        _ => throw section.Error(key, node, $"expected a number or a word, got {node.Describe()}"),
    };

    private static Dictionary<string, IReadOnlyDictionary<string, object?>> ReadGates(SpecFields? section)
    {
        var gates = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        if (section is null)
        {
            return gates;
        }
        foreach (var (gate, node) in section.Entries())
        {
            gates[gate] = node switch
            {
                SpecMap map => (IReadOnlyDictionary<string, object?>)Plain(map)!,
                SpecScalar { Value: null } => new Dictionary<string, object?>(StringComparer.Ordinal),
                _ => throw section.Error(gate, node, $"expected the gate's settings as a map, got {node.Describe()}"),
            };
        }
        return gates;
    }

    // Gate settings are kept as written for the gates to interpret: doubles, strings, bools, nulls, lists and maps.
    private static object? Plain(SpecNode node) => node switch
    {
        SpecMap map => map.Entries.ToDictionary(e => e.Key, e => Plain(e.Value), StringComparer.Ordinal),
        SpecList list => list.Items.Select(Plain).ToList(),
        SpecScalar scalar => scalar.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static Dictionary<string, string> ReadTags(SpecFields? section)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (section is null)
        {
            return tags;
        }
        foreach (var (key, node) in section.Entries())
        {
            tags[key] = node is SpecScalar { Value: not null } scalar
                ? scalar.Value as string ?? scalar.Text
                : throw section.Error(key, node, $"expected a word or number, got {node.Describe()}");
        }
        return tags;
    }

    private static ResourceRequest ReadResources(SpecFields? section)
    {
        if (section is null)
        {
            return ResourceRequest.Default;
        }
        var resources = new ResourceRequest
        {
            Cores = section.Number("cores") ?? ResourceRequest.DefaultCores,
            MemoryGb = section.Number("memory_gb") ?? ResourceRequest.DefaultMemoryGb,
            Gpus = section.Integer("gpus") ?? 0,
            GpuType = section.Text("gpu_type"),
        };
        section.RejectUnknown();
        return resources;
    }

    private static SearchSpec? ReadSearch(SpecFields? section, TrainingTask task)
    {
        if (section is null)
        {
            return null;
        }
        var strategyText = section.Text("strategy");
        var strategy = strategyText?.Trim().ToLowerInvariant() switch
        {
            null or "grid" => SearchStrategy.Grid,
            "random" => SearchStrategy.Random,
            _ => throw section.Error("strategy", section.Node("strategy"), $"'{strategyText}' is not a search strategy; use grid or random"),
        };
        var space = new Dictionary<string, SearchDimension>(StringComparer.Ordinal);
        if (section.Map("space") is { } spaceFields)
        {
            foreach (var (name, node) in spaceFields.Entries())
            {
                space[name] = ReadDimension(spaceFields, name, node);
            }
        }
        var search = new SearchSpec
        {
            Strategy = strategy,
            Trials = section.Integer("trials"),
            Metric = section.Text("metric")?.Trim().ToLowerInvariant() ?? TrainingMetrics.Default(task),
            Space = space,
        };
        section.RejectUnknown();
        return search;
    }

    private static SearchDimension ReadDimension(SpecFields space, string name, SpecNode node)
    {
        switch (node)
        {
            case SpecList list:
                return SearchDimension.Of(list.Items.Select(item => Value(space, name, item)).ToArray());
            case SpecMap:
                var range = space.Map(name)!;
                var dimension = new SearchDimension
                {
                    Min = range.Number("min") ?? throw range.Error("min", null, "is required for a range"),
                    Max = range.Number("max") ?? throw range.Error("max", null, "is required for a range"),
                    Log = range.Boolean("log") ?? false,
                };
                range.RejectUnknown();
                return dimension;
            default:
                throw space.Error(name, node, $"expected a list of values or a range {{min, max, log}}, got {node.Describe()}");
        }
    }

    /// <summary>Aliases become canonical names, so two spellings of one spec hash the same.</summary>
    private static TrainingSpec Canonical(TrainingSpec spec)
    {
        string CanonicalName(string name) => HyperParameterCatalog.TryFind(spec.ModelType, name, out var definition) ? definition.Name : name;
        return spec with
        {
            HyperParameters = spec.HyperParameters.ToDictionary(p => CanonicalName(p.Key), p => p.Value, StringComparer.Ordinal),
            Search = spec.Search is null ? null : spec.Search with
            {
                Space = spec.Search.Space.ToDictionary(p => CanonicalName(p.Key), p => p.Value, StringComparer.Ordinal),
            },
        };
    }

    /// <summary>The line of a dotted field path in the document, or of its nearest enclosing node that has one.</summary>
    private static int? LineOf(SpecNode root, string field)
    {
        var node = root;
        var line = root.Line;
        foreach (var part in field.Split('.'))
        {
            var key = part;
            var index = -1;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                key = part[..bracket];
                _ = int.TryParse(part[(bracket + 1)..^1], out index);
            }
            if (node is not SpecMap map || map.Entries.FirstOrDefault(e => e.Key == key).Value is not { } child)
            {
                break;
            }
            node = child;
            line = node.Line ?? line;
            if (index >= 0 && node is SpecList list && index < list.Items.Count)
            {
                node = list.Items[index];
                line = node.Line ?? line;
            }
        }
        return line;
    }
}
