using Keel.Events.Messaging;
using Keel.Functions.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Embedded;

/// <summary>The batch handler behind each topic-triggered function of the catalogue.</summary>
public static class TopicHandlers
{
    public static IEventBatchHandler Resolve(IServiceProvider services, string function) => function switch
    {
        FunctionCatalog.Names.MaterializeFeatures => services.GetRequiredService<MaterializeFeatures>(),
        FunctionCatalog.Names.DetectDrift => services.GetRequiredService<DetectDrift>(),
        FunctionCatalog.Names.TrackDecayPredictions => services.GetRequiredService<TrackDecayPredictions>(),
        FunctionCatalog.Names.TrackDecayFeedback => services.GetRequiredService<TrackDecayFeedback>(),
        FunctionCatalog.Names.RecordCosts => services.GetRequiredService<RecordCosts>(),
        FunctionCatalog.Names.DetectCostAnomaly => services.GetRequiredService<DetectCostAnomaly>(),
        FunctionCatalog.Names.IndexPredictions => services.GetRequiredService<Keel.Governance.IndexPredictions>(),
        _ => throw new InvalidOperationException($"Topic function {function} has no handler in the embedded host."),
    };
}
