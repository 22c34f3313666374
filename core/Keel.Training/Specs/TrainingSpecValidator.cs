using System.Globalization;
using Keel.Features.Repository;

namespace Keel.Training;

/// <summary>One rule a spec breaks: the dotted field at fault and what is wrong.</summary>
public sealed record SpecProblem(string Field, string Problem);

/// <summary>
/// The rules a training spec must keep, checked the same way whether it was read from a file or
/// built in code: names the platform can store, hyper-parameters the trainer documents, a holdout
/// strictly between 0 and 1, a search that can run and rank.
/// </summary>
public static class TrainingSpecValidator
{
    public static IReadOnlyList<SpecProblem> Problems(TrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<SpecProblem>();
        void Add(string field, string problem) => problems.Add(new SpecProblem(field, problem));

        CheckName(spec.Name, "name", Add);
        if (string.IsNullOrWhiteSpace(spec.Experiment))
        {
            Add("experiment", "must not be empty");
        }
        CheckName(spec.FeatureService, "feature_service", Add);
        if (spec.LabelView is not null)
        {
            CheckName(spec.LabelView, "label_view", Add);
        }
        CheckName(spec.Label, "label", Add);
        if (spec.PositiveClass is not null && spec.Task == TrainingTask.Regression)
        {
            Add("positive_class", "applies to binary models only; remove it or set task: binary");
        }
        else if (spec.PositiveClass is { Length: 0 })
        {
            Add("positive_class", "must not be empty");
        }
        CheckHyperParameters(spec.ModelType, spec.HyperParameters.Select(p => (p.Key, p.Value)), Add);
        if (!(spec.HoldoutFraction > 0 && spec.HoldoutFraction < 1))
        {
            Add("holdout_fraction", $"{spec.HoldoutFraction.ToString(CultureInfo.InvariantCulture)} is not strictly between 0 and 1");
        }
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.ProtectedAttributes.Count; i++)
        {
            var attribute = spec.ProtectedAttributes[i];
            if (string.IsNullOrWhiteSpace(attribute))
            {
                Add($"protected_attributes[{i}]", "must not be empty");
            }
            else if (!attributes.Add(attribute))
            {
                Add($"protected_attributes[{i}]", $"'{attribute}' is listed twice");
            }
        }
        if (spec.Label is { } label && attributes.Contains(label))
        {
            Add("protected_attributes", $"'{label}' is the label, not an attribute of the applicant");
        }
        foreach (var gate in spec.Gates.Keys.Where(string.IsNullOrWhiteSpace))
        {
            Add("gates", $"a gate has an empty name ('{gate}')");
        }
        foreach (var tag in spec.Tags.Keys.Where(string.IsNullOrWhiteSpace))
        {
            Add("tags", $"a tag has an empty name ('{tag}')");
        }
        CheckResources(spec.Resources, Add);
        if (spec.Search is { } search)
        {
            CheckSearch(spec, search, Add);
        }
        return problems;
    }

    /// <summary>Throws the first problem as a <see cref="TrainingSpecException"/>.</summary>
    public static void Validate(TrainingSpec spec, string origin = "training spec")
    {
        if (Problems(spec).FirstOrDefault() is { } problem)
        {
            throw new TrainingSpecException(origin, problem.Field, null, problem.Problem);
        }
    }

    private static void CheckName(string? name, string field, Action<string, string> add)
    {
        if (!Names.IsValid(name))
        {
            add(field, string.IsNullOrEmpty(name) ? "is required" : $"'{name}' is not a valid name ({Names.Rule})");
        }
    }

    private static void CheckResources(ResourceRequest? resources, Action<string, string> add)
    {
        if (resources is null)
        {
            add("resources", "must not be null; leave it out for the defaults");
            return;
        }
        // A run is charged wall time × each resource, so a resource must be a finite, sensible amount.
        if (!(resources.Cores > 0 && double.IsFinite(resources.Cores) && resources.Cores <= 100_000))
        {
            add("resources.cores", $"{resources.Cores.ToString(CultureInfo.InvariantCulture)} is not a number of cores (more than 0)");
        }
        if (!(resources.MemoryGb > 0 && double.IsFinite(resources.MemoryGb) && resources.MemoryGb <= 1_000_000))
        {
            add("resources.memory_gb", $"{resources.MemoryGb.ToString(CultureInfo.InvariantCulture)} is not an amount of memory in GB (more than 0)");
        }
        if (resources.Gpus < 0)
        {
            add("resources.gpus", $"{resources.Gpus} is negative");
        }
        else if (resources.Gpus > 0 && string.IsNullOrWhiteSpace(resources.GpuType))
        {
            add("resources.gpu_type", "is required when gpus is above 0: GPU time is priced by type");
        }
        else if (resources.Gpus == 0 && resources.GpuType is not null)
        {
            add("resources.gpu_type", "is given but gpus is 0; request gpus or leave gpu_type out");
        }
    }

    private static void CheckHyperParameters(ModelType type, IEnumerable<(string Name, HyperParameterValue Value)> values, Action<string, string> add)
    {
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var field = $"hyper_parameters.{name}";
            if (!HyperParameterCatalog.TryFind(type, name, out var definition))
            {
                add(field, $"not a {type.Name()} hyper-parameter; known: {HyperParameterCatalog.Known(type)}");
                continue;
            }
            if (definition.Check(value) is { } problem)
            {
                add(field, problem);
            }
            if (!canonical.TryAdd(definition.Name, name))
            {
                add(field, $"'{definition.Name}' is already given as '{canonical[definition.Name]}'");
            }
        }
    }

    private static void CheckSearch(TrainingSpec spec, SearchSpec search, Action<string, string> add)
    {
        if (search.Trials is < 1)
        {
            add("search.trials", $"{search.Trials} is not a number of trials; use 1 or more");
        }
        if (!TrainingMetrics.IsKnown(spec.Task, search.Metric))
        {
            add("search.metric", $"'{search.Metric}' is not a {spec.Task.Name()} metric; use {string.Join(", ", TrainingMetrics.For(spec.Task))}");
        }
        if (search.Space.Count == 0)
        {
            add("search.space", "is empty; list the hyper-parameters to search and their values");
        }
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, dimension) in search.Space)
        {
            var field = $"search.space.{name}";
            if (!HyperParameterCatalog.TryFind(spec.ModelType, name, out var definition))
            {
                add(field, $"not a {spec.ModelType.Name()} hyper-parameter; known: {HyperParameterCatalog.Known(spec.ModelType)}");
                continue;
            }
            if (!canonical.TryAdd(definition.Name, name))
            {
                add(field, $"'{definition.Name}' is already searched as '{canonical[definition.Name]}'");
            }
            if (dimension.Values is { } list)
            {
                if (list.Count == 0)
                {
                    add(field, "lists no values");
                }
                for (var i = 0; i < list.Count; i++)
                {
                    if (definition.Check(list[i]) is { } problem)
                    {
                        add($"{field}[{i}]", problem);
                    }
                }
                continue;
            }
            if (search.Strategy == SearchStrategy.Grid)
            {
                add(field, "a grid search needs a list of values; ranges {min, max} are for strategy: random");
            }
            else if (definition.Kind == HyperParameterKind.Choice)
            {
                add(field, $"is one of {string.Join(", ", definition.Choices)}; list the ones to try");
            }
            else if (dimension.Min is not { } min || dimension.Max is not { } max)
            {
                add(field, "a range needs both min and max");
            }
            else
            {
                if (definition.Check(HyperParameterValue.Of(min)) is { } low)
                {
                    add(field + ".min", low);
                }
                if (definition.Check(HyperParameterValue.Of(max)) is { } high)
                {
                    add(field + ".max", high);
                }
                if (min > max)
                {
                    add(field, $"min {min.ToString(CultureInfo.InvariantCulture)} is above max {max.ToString(CultureInfo.InvariantCulture)}");
                }
                if (dimension.Log && min <= 0)
                {
                    add(field + ".log", "a log scale needs min > 0");
                }
            }
        }
    }
}
