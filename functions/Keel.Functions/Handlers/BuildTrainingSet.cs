using Keel.Features.Offline;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/features/training-set</c> with <c>{"service": "...", "labelView": null}</c>:
/// a point-in-time correct training set built from the offline store, as JSON columns.
/// </summary>
public sealed class BuildTrainingSet(TrainingSetService trainingSets)
{
    /// <summary>JSON answers are bounded; larger sets are written as Parquet by the CLI.</summary>
    public const int MaxJsonRows = 200_000;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (query, invalid) = await JsonRequest.ReadAsync<TrainingSetRequest>(request, "training set request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(query?.Service))
        {
            return ProblemResults.BadRequest("Malformed request", "service: the feature service to build the training set of is required.");
        }
        var set = await trainingSets.BuildAsync(tenant, query.Service, query.LabelView, cancellationToken);
        if (set.Rows > MaxJsonRows)
        {
            return ProblemResults.BadRequest("Training set too large for JSON",
                $"The training set has {set.Rows} rows; at most {MaxJsonRows} are returned as JSON.");
        }
        return Results.Json(TrainingSetJson.Of(set), KeelJson.Options);
    }
}

public sealed record TrainingSetRequest(string? Service, string? LabelView);

/// <summary>The wire form of a training set: metadata plus named columns of equal length.</summary>
public sealed record TrainingSetJson(
    string Service,
    string LabelView,
    string? Label,
    int Rows,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyDictionary<string, string> ViewVersions,
    IReadOnlyList<TrainingSetColumn> Columns)
{
    public static TrainingSetJson Of(TrainingSet set)
    {
        var frame = set.Frame;
        var columns = new List<TrainingSetColumn>
        {
            new(FeatureFrame.EntityColumn, "string", frame.EntityKeys.Cast<object?>().ToArray()),
            new(FeatureFrame.TimestampColumn, "timestamp", frame.Timestamps.Cast<object?>().ToArray()),
        };
        columns.AddRange(frame.Columns.Select(c => new TrainingSetColumn(c.Name, Keel.Features.Definitions.FeatureTypes.Name(c.Type), c.Values)));
        return new TrainingSetJson(set.Service, set.LabelView, set.LabelColumn, set.Rows, set.From, set.To, set.ViewVersions, columns);
    }
}

public sealed record TrainingSetColumn(string Name, string Type, IReadOnlyList<object?> Values);
