using Keel.Costs.Metering;
using Keel.Serving;
using Keel.Serving.Deployments;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// What a served version's usage is charged to, from the deployment config: team and cost centre
/// from its <see cref="ServedModel"/> entry (<c>Keel:Serving:Models</c>), the variant from the
/// model's deployment plan (the variant serving that version). What is not configured is untagged.
/// </summary>
public sealed class InferenceTags(IOptionsMonitor<ServingOptions> serving, IDeploymentPlanStore? plans = null)
{
    public AttributionTags For(string tenant, string model, int version)
    {
        var versionText = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // An entry naming this very version wins over one for the model in general.
        var entry = serving.CurrentValue.Models
            .Where(m => m.Tenant == tenant && m.Name == model && (m.Version is null || m.Version == version))
            .OrderBy(m => m.Version is null ? 1 : 0)
            .FirstOrDefault();
        var variant = plans?.Get(tenant, model)?.Plan.Variants
            .Where(v => v.Version == version)
            .OrderBy(v => v.IsServing ? 0 : 1)
            .Select(v => v.Name)
            .FirstOrDefault();
        return new AttributionTags(tenant, entry?.Team, entry?.CostCentre, model, versionText, variant);
    }
}
