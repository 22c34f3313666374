using Keel.Features;
using Keel.Gates;
using Keel.Training;
using Microsoft.Extensions.Options;

namespace Keel.Lifecycle;

/// <summary>
/// Checks a training request and captures its dataset snapshot. Mistakes in the request are
/// answered as a <see cref="PreparedTraining.Problem"/> rather than thrown, so a workflow ends at
/// once with the reason instead of retrying what can never work; failures of the stores are thrown.
/// </summary>
public sealed class TrainingRequests(DatasetSnapshots datasets, GateRunner gates, IOptions<LifecycleOptions> options)
{
    public async Task<PreparedTraining> PrepareAsync(string? tenant, string specText, CancellationToken cancellationToken)
    {
        string resolvedTenant;
        try
        {
            resolvedTenant = options.Value.ResolveTenant(tenant);
        }
        catch (ArgumentException error)
        {
            return new PreparedTraining(tenant ?? "", null, null, error.Message);
        }

        TrainingSpec spec;
        try
        {
            spec = TrainingSpecFile.Parse(specText ?? "", "training request");
            TrainingSpecValidator.Validate(spec);
        }
        catch (TrainingSpecException error)
        {
            return new PreparedTraining(resolvedTenant, null, null, error.Message);
        }
        var problems = SpecRequirements.ProblemsOf(spec, gates);
        if (problems.Count > 0)
        {
            return new PreparedTraining(resolvedTenant, spec.Name, null, $"The spec of '{spec.Name}' cannot be trained by the life cycle: {string.Join("; ", problems)}.");
        }

        CapturedDataset dataset;
        try
        {
            dataset = await datasets.CaptureAsync(resolvedTenant, spec.FeatureService, spec.LabelView, cancellationToken);
        }
        catch (UnknownFeatureException error)
        {
            return new PreparedTraining(resolvedTenant, spec.Name, null, $"{error.Message} Apply the feature repository that defines it first.");
        }
        catch (ArgumentException error)
        {
            // The training set service answers a request it cannot build (no label view named or declared) this way.
            return new PreparedTraining(resolvedTenant, spec.Name, null, error.Message);
        }
        if (dataset.Manifest.Rows == 0)
        {
            return new PreparedTraining(resolvedTenant, spec.Name, dataset,
                $"The training set of feature service '{spec.FeatureService}' has no rows for tenant '{resolvedTenant}': ingest and materialize records first.");
        }
        return new PreparedTraining(resolvedTenant, spec.Name, dataset, null);
    }
}
