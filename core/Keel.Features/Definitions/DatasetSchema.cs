namespace Keel.Features.Definitions;

/// <summary>
/// The shape of a dataset's records: where the entity key and event time come from, which
/// column is the label, which are protected attributes, and each column's type.
/// </summary>
public sealed record DatasetSchema
{
    public required string Name { get; init; }

    /// <summary>The column holding the entity key; null when records are keyed by their row number.</summary>
    public string? EntityColumn { get; init; }

    /// <summary>The join key entity keys are known by (the entity's join key, e.g. <c>applicant_id</c>).</summary>
    public required string EntityKey { get; init; }

    /// <summary>The column holding each record's event time; null when the ingestion time stands in.</summary>
    public string? EventTimeColumn { get; init; }

    public string? LabelColumn { get; init; }

    public IReadOnlyList<string> ProtectedAttributes { get; init; } = [];

    public required IReadOnlyList<ColumnSchema> Columns { get; init; }

    public ColumnSchema? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>One column: its type, whether it may be missing, and what was observed when it was inferred.</summary>
public sealed record ColumnSchema
{
    public required string Name { get; init; }

    public required FeatureType Type { get; init; }

    public bool Nullable { get; init; }

    /// <summary>The header of the source file's column when it differs from <see cref="Name"/> (names are restricted, headers are not).</summary>
    public string? Header { get; init; }

    /// <summary>The categories seen when the schema was inferred (informative: unseen ones are a data-quality signal, not a rejection).</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>The share of missing values seen when the schema was inferred.</summary>
    public double? MissingRate { get; init; }
}
