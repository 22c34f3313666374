using Keel.Features.Definitions;
using Keel.Features.Transformations;

namespace Keel.Features.Repository;

/// <summary>Checks that a repository hangs together before anything of it is registered.</summary>
public static class FeatureRepositoryValidator
{
    public static IReadOnlyList<string> Validate(FeatureRepository repository, TransformationCatalog catalog)
    {
        var errors = new List<string>();
        var dataset = repository.Dataset;
        if (!Names.IsValid(repository.Project))
        {
            errors.Add($"project '{repository.Project}' is not a valid name ({Names.Rule})");
        }
        if (!Names.IsValid(dataset.Name))
        {
            errors.Add($"dataset '{dataset.Name}' is not a valid name ({Names.Rule})");
        }
        Duplicates(dataset.Columns.Select(c => c.Name), "dataset column", errors);
        Duplicates(repository.Entities.Select(e => e.Name), "entity", errors);
        Duplicates(repository.FeatureViews.Select(v => v.Name), "feature view", errors);
        Duplicates(repository.FeatureServices.Select(s => s.Name), "feature service", errors);

        foreach (var column in new[] { dataset.EntityColumn, dataset.EventTimeColumn, dataset.LabelColumn }.Concat(dataset.ProtectedAttributes))
        {
            if (column is not null && dataset.Column(column) is null)
            {
                errors.Add($"dataset '{dataset.Name}' names column '{column}', which it does not have");
            }
        }
        if (dataset.EventTimeColumn is { } eventTime && dataset.Column(eventTime) is { Type: not FeatureType.Timestamp } wrong)
        {
            errors.Add($"event time column '{eventTime}' is {wrong.Type.Name()}, not timestamp");
        }

        foreach (var view in repository.FeatureViews)
        {
            if (!Names.IsValid(view.Name))
            {
                errors.Add($"feature view '{view.Name}' is not a valid name ({Names.Rule})");
            }
            if (repository.Entities.All(e => e.Name != view.Entity))
            {
                errors.Add($"feature view '{view.Name}' names entity '{view.Entity}', which is not declared");
            }
            if (view.Source != dataset.Name)
            {
                errors.Add($"feature view '{view.Name}' reads dataset '{view.Source}', but the repository's dataset is '{dataset.Name}'");
                continue;
            }
            if (view.Features.Count == 0)
            {
                errors.Add($"feature view '{view.Name}' has no features");
            }
            if (view.Ttl is { } ttl && ttl <= TimeSpan.Zero)
            {
                errors.Add($"feature view '{view.Name}' has a TTL that is not positive");
            }
            foreach (var feature in view.Features.Where(f => !Names.IsValid(f.Name)))
            {
                errors.Add($"feature view '{view.Name}', feature '{feature.Name}' is not a valid name ({Names.Rule})");
            }
            Duplicates(view.Features.Select(f => f.Name), $"feature of view '{view.Name}'", errors);
            errors.AddRange(FeatureViewCompiler.Compile(view, "check", dataset, catalog).Errors);
        }

        foreach (var service in repository.FeatureServices)
        {
            var names = service.Features.SelectMany(r =>
                r.Names.Count > 0 ? r.Names : repository.FeatureViews.FirstOrDefault(v => v.Name == r.View)?.Features.Select(f => f.Name) ?? []);
            // Models see features by name, so one name must mean one feature.
            Duplicates(names, $"feature of service '{service.Name}'", errors);
            foreach (var reference in service.Features)
            {
                var view = repository.FeatureViews.FirstOrDefault(v => v.Name == reference.View);
                if (view is null)
                {
                    errors.Add($"feature service '{service.Name}' names feature view '{reference.View}', which is not declared");
                    continue;
                }
                foreach (var name in reference.Names.Where(n => view.Feature(n) is null))
                {
                    errors.Add($"feature service '{service.Name}' names feature '{reference.View}:{name}', which the view does not have");
                }
            }
        }

        if (repository.LabelView is { } labelView && repository.FeatureViews.All(v => v.Name != labelView))
        {
            errors.Add($"label view '{labelView}' is not a declared feature view");
        }
        return errors;
    }

    private static void Duplicates(IEnumerable<string> names, string what, List<string> errors)
    {
        foreach (var name in names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            errors.Add($"{what} '{name}' is declared more than once");
        }
    }
}
