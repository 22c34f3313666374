using System.Text.Json;
using Keel.Features.Registry;
using Keel.Ingestion.Csv;
using Keel.Prediction;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Keel.BatchScoring.Tests;

/// <summary>
/// A batch score is the online prediction of the same row: the same version, the same features
/// (from the online store, or from a record through the same transformations) and the same model
/// host, whatever the source and however the rows fall into batches.
/// </summary>
[Collection(ScoringCollection.Name)]
public sealed class EquivalenceTests(ScoringBed bed)
{
    private const double Tolerance = 1e-6;

    [Fact]
    public async Task An_entity_list_scores_as_online_predictions_by_entity()
    {
        var entities = ScoringBed.Entities(ScoringBed.Rows).ToArray();
        var result = await RunAsync(new BatchJob("entities", ScoringBed.Tenant, ScoringBed.Model, null, entities, null, null, null));

        Assert.Equal(ScoringBed.Rows, result.Rows);
        var scored = ScoreFiles.Read(result.OutputPath!);
        Assert.Equal(entities, scored.Select(r => r.Entity));
        await AssertOnlineAsync(scored, entity => new PredictionRequest(Entity: entity));
    }

    [Fact]
    public async Task Records_of_a_csv_file_score_as_online_predictions_of_the_same_records_and_of_their_entities()
    {
        bed.WriteCsv("inputs/records.csv", 250);
        var result = await RunAsync(new BatchJob("csv", ScoringBed.Tenant, ScoringBed.Model, "inputs/records.csv", null, null, null, null));

        Assert.Equal(250, result.Rows);
        var scored = ScoreFiles.Read(result.OutputPath!);
        Assert.Equal(ScoringBed.Entities(250), scored.Select(r => r.Entity));
        var records = await RecordsAsync(Path.Combine(bed.TenantFolder, "inputs", "records.csv"));
        await AssertOnlineAsync(scored, entity => new PredictionRequest(Record: records[entity]));
        await AssertOnlineAsync(scored, entity => new PredictionRequest(Entity: entity));
    }

    [Fact]
    public async Task Records_of_a_parquet_file_score_as_online_predictions_of_their_entities()
    {
        var csv = bed.WriteCsv("inputs/for-parquet.csv", 180);
        await WriteParquetAsync(csv, Path.Combine(bed.TenantFolder, "inputs", "records.parquet"));

        var result = await RunAsync(new BatchJob("parquet", ScoringBed.Tenant, ScoringBed.Model, "inputs/records.parquet", null, null, null, null));

        Assert.Equal(180, result.Rows);
        var scored = ScoreFiles.Read(result.OutputPath!);
        Assert.Equal(ScoringBed.Entities(180), scored.Select(r => r.Entity));
        await AssertOnlineAsync(scored, entity => new PredictionRequest(Entity: entity));
    }

    [Fact]
    public async Task The_offline_store_scores_every_entity_as_online_predictions_by_entity()
    {
        var result = await RunAsync(new BatchJob("offline", ScoringBed.Tenant, ScoringBed.Model, BatchJob.OfflineDataset, null, null, null, null));

        Assert.Equal(ScoringBed.Rows, result.Rows);
        var scored = ScoreFiles.Read(result.OutputPath!);
        Assert.Equal(ScoringBed.Entities(ScoringBed.Rows).Order(StringComparer.Ordinal), scored.Select(r => r.Entity));
        await AssertOnlineAsync(scored, entity => new PredictionRequest(Entity: entity));
    }

    [Fact]
    public async Task One_batch_of_every_row_scores_as_batches_of_a_few()
    {
        var entities = ScoringBed.Entities(300).ToArray();
        var large = await RunAsync(new BatchJob("large", ScoringBed.Tenant, ScoringBed.Model, null, entities, null, null, 1024));
        var small = await RunAsync(new BatchJob("small", ScoringBed.Tenant, ScoringBed.Model, null, entities, null, null, 7));

        // ONNX Runtime may sum a tree ensemble in another order for another batch shape: equal to the last float bits or so.
        var pairs = ScoreFiles.Read(large.OutputPath!).Zip(ScoreFiles.Read(small.OutputPath!)).ToArray();
        Assert.Equal(300, pairs.Length);
        Assert.All(pairs, p => Assert.Equal(p.First.Entity, p.Second.Entity));
        Assert.True(pairs.Max(p => Math.Abs(p.First.Score - p.Second.Score)) <= Tolerance);
    }

    private Task<BatchScoringResult> RunAsync(BatchJob job) =>
        bed.Get<BatchScorer>().RunAsync(job, BatchTrigger.Request("tests"), CancellationToken.None);

    private async Task AssertOnlineAsync(IReadOnlyList<ScoredRow> scored, Func<string, PredictionRequest> request)
    {
        var predictions = bed.Get<PredictionService>();
        var worst = 0.0;
        foreach (var row in scored)
        {
            var online = await predictions.PredictAsync(ScoringBed.Tenant, ScoringBed.Model, request(row.Entity), CancellationToken.None);
            worst = Math.Max(worst, Math.Abs(online.Score - row.Score));
            Assert.Equal(online.Label, row.Label);
            Assert.Equal(online.Version, row.Version);
            Assert.Equal(online.Model, row.Model);
        }
        Assert.True(worst <= Tolerance, $"max |batch − online| = {worst}");
        // The model is not constant: the comparison would hold for a model that ignored its features too.
        Assert.True(scored.Select(r => r.Score).Distinct().Count() > 10);
        Assert.Contains(scored, r => r.Label == "bad");
        Assert.Contains(scored, r => r.Label == "good");
    }

    /// <summary>Each CSV record as the JSON record a caller of the online path sends, by entity (its row number).</summary>
    private async Task<Dictionary<string, JsonElement>> RecordsAsync(string csv)
    {
        var snapshot = await bed.Get<IFeatureRegistry>().SnapshotAsync(ScoringBed.Tenant, CancellationToken.None);
        var schema = snapshot.ForDataset("credit")!.Repository.Dataset;
        return new CsvRecordSource(schema, csv, ScoringBed.Tenant, DateTimeOffset.UtcNow).Read().ToDictionary(
            r => r.Row.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r =>
            {
                var values = JsonSerializer.SerializeToElement(r.Event!.Data).GetProperty("values");
                var withoutLabel = values.EnumerateObject().Where(p => p.Name != "Status").ToDictionary(p => p.Name, p => p.Value);
                return JsonSerializer.SerializeToElement(withoutLabel);
            });
    }

    /// <summary>The CSV's records as a Parquet file with typed, nullable columns: integers as INT64, text as strings.</summary>
    private async Task WriteParquetAsync(string csv, string parquet)
    {
        var snapshot = await bed.Get<IFeatureRegistry>().SnapshotAsync(ScoringBed.Tenant, CancellationToken.None);
        var schema = snapshot.ForDataset("credit")!.Repository.Dataset;
        var lines = CsvReader.ReadAll(csv).ToArray();
        var header = lines[0];
        var fields = new List<Field>();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var column in schema.Columns)
        {
            fields.Add(column.Type == Keel.Features.Definitions.FeatureType.Int64 ? new DataField<long?>(column.Name) : new DataField<string>(column.Name));
        }
        foreach (var line in lines.Skip(1))
        {
            var row = new Dictionary<string, object?>();
            foreach (var column in schema.Columns)
            {
                var text = line[Array.IndexOf(header, column.Header ?? column.Name)];
                row[column.Name] = string.IsNullOrEmpty(text) ? null
                    : column.Type == Keel.Features.Definitions.FeatureType.Int64 ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                    : text;
            }
            rows.Add(row);
        }
        await using var stream = File.Create(parquet);
        await ParquetSerializer.SerializeUntypedAsync(rows.Select(r => (IDictionary<string, object?>)r).ToArray(), new ParquetSchema(fields), stream);
    }
}
