using Keel.Events;
using Keel.Features.Registry;
using Keel.Ingestion.Csv;

namespace Keel.Ingestion.Tests;

public sealed class ScaffoldAndReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-scaffold-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv(string text)
    {
        var path = Path.Combine(_dir, "claims.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Claims = """
        claim_id,filed_at,amount,fraud,channel
        C1,2024-05-01T10:00:00Z,120.5,no,web
        C2,2024-05-02T11:00:00Z,,yes,phone
        C3,2024-05-03T12:00:00Z,99,no,web
        """;

    [Fact]
    public async Task A_scaffolded_repository_is_valid_and_registers()
    {
        var repository = RepositoryScaffolder.Scaffold(new ScaffoldOptions
        {
            CsvPath = WriteCsv(Claims),
            EntityColumn = "claim_id",
            EventTimeColumn = "filed_at",
            LabelColumn = "fraud",
            ProtectedColumns = ["channel"],
        });

        Assert.Equal("claims", repository.Project);
        Assert.Equal("claim_id", repository.Dataset.EntityKey);
        Assert.Equal(["amount", "channel"], repository.FeatureViews[0].Features.Select(f => f.Name));
        Assert.Equal("claims_labels", repository.LabelView);
        var registry = new SqliteFeatureRegistry(Path.Combine(_dir, "registry.db"));
        var applied = await registry.ApplyAsync("t", repository, default);
        Assert.Contains(applied.Objects, o => o.Name == "claims_model");
    }

    [Fact]
    public void Scaffolding_names_a_missing_column()
    {
        var error = Assert.Throws<ArgumentException>(() => RepositoryScaffolder.Scaffold(new ScaffoldOptions { CsvPath = WriteCsv(Claims), LabelColumn = "outcome" }));

        Assert.Contains("--label", error.Message);
        Assert.Contains("outcome", error.Message);
    }

    [Fact]
    public async Task Replayed_rows_become_valid_record_events_with_stable_ids()
    {
        var path = WriteCsv(Claims);
        var repository = RepositoryScaffolder.Scaffold(new ScaffoldOptions { CsvPath = path, EntityColumn = "claim_id", EventTimeColumn = "filed_at", LabelColumn = "fraud" });
        var registry = new SqliteFeatureRegistry(Path.Combine(_dir, "registry.db"));
        await registry.ApplyAsync("t", repository, default);
        var snapshot = await registry.SnapshotAsync("t", default);

        var first = new CsvRecordSource(repository.Dataset, path, "t", DateTimeOffset.UtcNow).Read().ToList();
        var second = new CsvRecordSource(repository.Dataset, path, "t", DateTimeOffset.UtcNow.AddHours(1)).Read().ToList();

        Assert.Equal(3, first.Count);
        Assert.Equal(first.Select(r => r.Event!.Id), second.Select(r => r.Event!.Id));
        var decoded = CloudEventCodec.Default.Decode(CloudEventCodec.Default.Encode(first[1].Event!));
        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        var (record, problems) = RecordEvents.Read(decoded.Event!, snapshot);
        Assert.Empty(problems);
        Assert.Equal("C2", record!.EntityKey);
        Assert.Equal(DateTimeOffset.Parse("2024-05-02T11:00:00Z"), record.EventTime);
        Assert.Null(record.Values["amount"]);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_sent_as_text_and_rejected_by_name()
    {
        var path = WriteCsv(Claims);
        var repository = RepositoryScaffolder.Scaffold(new ScaffoldOptions { CsvPath = path, EntityColumn = "claim_id", LabelColumn = "fraud" });
        var registry = new SqliteFeatureRegistry(Path.Combine(_dir, "registry.db"));
        await registry.ApplyAsync("t", repository, default);
        File.AppendAllText(path, "\nC4,2024-05-04T12:00:00Z,a lot,no,web\n");

        var records = new CsvRecordSource(repository.Dataset, path, "t", DateTimeOffset.UtcNow).Read().ToList();
        var (_, problems) = RecordEvents.Read(records[^1].Event!, await registry.SnapshotAsync("t", default));

        var problem = Assert.Single(problems);
        Assert.Equal("data/values/amount", problem.Field);
    }

    [Fact]
    public void Rows_keyed_by_row_number_use_the_row_as_entity()
    {
        var path = WriteCsv(Claims);
        var repository = RepositoryScaffolder.Scaffold(new ScaffoldOptions { CsvPath = path, LabelColumn = "fraud" });

        var records = new CsvRecordSource(repository.Dataset, path, "t", DateTimeOffset.UtcNow).Read().ToList();

        Assert.Equal(RepositoryScaffolder.RowNumberKey, repository.Dataset.EntityKey);
        Assert.Equal(["1", "2", "3"], records.Select(r => r.Event!.Subject));
    }
}
