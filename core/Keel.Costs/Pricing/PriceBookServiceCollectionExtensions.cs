using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Costs.Pricing;

public static class PriceBookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the host's <see cref="ConfiguredPriceBook"/> unless one is: every part of Keel that
    /// prices (cost reports, lifecycle savings, batch-scoring deferral) takes this one, so a host
    /// reads and validates the book once, however many of them it composes.
    /// </summary>
    public static IServiceCollection AddConfiguredPriceBook(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => configuration.LoadConfigured());
        return services;
    }
}
