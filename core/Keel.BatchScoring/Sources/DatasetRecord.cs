namespace Keel.BatchScoring.Sources;

/// <summary>One record of a dataset file: its row number (from 1), entity key and typed values by column, or why it cannot be read.</summary>
internal sealed record DatasetRecord(long Row, string? Entity, IReadOnlyDictionary<string, object?> Values, string? Problem);
