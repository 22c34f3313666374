using System.Security.Cryptography;
using System.Text.Json;
using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Functions.Http;
using Keel.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/features/training-set</c> with <c>{"service": "...", "labelView": null, "format": "json"}</c>:
/// a point-in-time correct training set built from the offline store, as JSON columns, or with
/// <c>"format": "parquet"</c> as a Parquet file whose metadata travels in <c>X-Keel-*</c> headers.
/// </summary>
public sealed class BuildTrainingSet(TrainingSetService trainingSets, IOptions<StorageOptions> storage)
{
    /// <summary>JSON answers are bounded; a larger set is asked for as Parquet.</summary>
    public const int MaxJsonRows = 200_000;

    public const string ParquetMediaType = "application/vnd.apache.parquet";
    public const string RowsHeader = "X-Keel-Rows";
    public const string LabelHeader = "X-Keel-Label";
    public const string ViewVersionsHeader = "X-Keel-View-Versions";
    public const string Sha256Header = "X-Keel-Sha256";

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
        if (string.Equals(query.Format, "parquet", StringComparison.OrdinalIgnoreCase))
        {
            return await ParquetAsync(set, request.HttpContext.Response, cancellationToken);
        }
        if (set.Rows > MaxJsonRows)
        {
            return ProblemResults.BadRequest("Training set too large for JSON",
                $"The training set has {set.Rows} rows; at most {MaxJsonRows} are returned as JSON. Ask for \"format\": \"parquet\".");
        }
        return Results.Json(TrainingSetJson.Of(set), KeelJson.Options);
    }

    private async Task<IResult> ParquetAsync(TrainingSet set, HttpResponse response, CancellationToken cancellationToken)
    {
        var folder = storage.Value.Resolve("exports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".parquet");
        var frame = set.Frame;
        FrameParquetFile.Write(path,
        [
            new FrameColumn(FeatureFrame.EntityColumn, FeatureType.String, frame.EntityKeys.Cast<object?>().ToArray()),
            new FrameColumn(FeatureFrame.TimestampColumn, FeatureType.Timestamp, frame.Timestamps.Cast<object?>().ToArray()),
            .. frame.Columns,
        ]);
        // The file lives as long as the response reads it.
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        file.Position = 0;
        response.Headers[RowsHeader] = set.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[LabelHeader] = set.LabelColumn ?? "";
        response.Headers[ViewVersionsHeader] = JsonSerializer.Serialize(set.ViewVersions);
        response.Headers[Sha256Header] = hash;
        return Results.File(file, ParquetMediaType, set.Service + ".parquet");
    }
}

public sealed record TrainingSetRequest(string? Service, string? LabelView, string? Format = null);

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
