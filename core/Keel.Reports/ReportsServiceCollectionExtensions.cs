using Keel.Reports.Decay;
using Keel.Reports.Drift;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>
    /// Drift and decay reports with their bounds (<c>Keel:Reports</c>). They read what drift
    /// monitoring (<c>AddKeelDriftMonitoring</c>) and decay tracking keep; the host composes those.
    /// </summary>
    public static IServiceCollection AddKeelReports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DriftReports>();
        services.TryAddSingleton<DecayReports>();
        return services;
    }
}
