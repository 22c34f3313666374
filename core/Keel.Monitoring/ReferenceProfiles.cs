using Keel.Drift;
using Keel.Drift.Profiles;
using Keel.Features.Definitions;
using Keel.Features.Offline;

namespace Keel.Monitoring;

/// <summary>
/// The reference a version's live traffic is compared with: a profile of the model's input columns
/// over its training set, and of the scores the model gave its holdout. Built once at registration
/// and stored as the version's <c>reference-profile.json</c>.
/// </summary>
public static class ReferenceProfiles
{
    /// <summary>The score column's name in every reference and live profile (the prediction's <c>output.score</c>).</summary>
    public const string ScoreColumn = "score";

    /// <summary>How a feature's type is profiled: numbers and times as numbers, strings as categories, booleans as binary.</summary>
    public static FeatureKind KindOf(FeatureType type) => type switch
    {
        FeatureType.String => FeatureKind.Categorical,
        FeatureType.Bool => FeatureKind.Binary,
        _ => FeatureKind.Numeric,
    };

    public static ProfileSchema SchemaOf(IEnumerable<(string Name, FeatureType Type)> features) =>
        new(features.ToDictionary(f => f.Name, f => KindOf(f.Type), StringComparer.Ordinal), ScoreColumn);

    /// <summary>
    /// Profiles <paramref name="features"/> over every row of <paramref name="frame"/>, and
    /// <paramref name="scores"/> (the holdout's) as the score; the score profile stays empty when
    /// there are none. Columns the frame lacks are an error: the model was trained on them.
    /// </summary>
    public static DatasetProfile Build(FeatureFrame frame, IReadOnlyList<(string Name, FeatureType Type)> features, IReadOnlyList<double>? scores)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(features);
        var schema = SchemaOf(features);
        var columns = features.Select(f => frame.Column(f.Name)).ToArray();
        var builder = new ProfileBuilder(new ProfileSchema(schema.Columns));
        var row = new Dictionary<string, object?>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < frame.RowCount; i++)
        {
            foreach (var column in columns)
            {
                row[column.Name] = column.Values[i];
            }
            builder.Add(row);
        }
        // Features and score come from different rows (all rows, holdout rows), so they are built apart and joined.
        var score = DatasetProfile.Empty(new ProfileSchema(new Dictionary<string, FeatureKind>(), ScoreColumn)).Score!;
        foreach (var value in scores ?? [])
        {
            score.Add(value);
        }
        return new DatasetProfile(builder.Profile.Features, builder.Profile.Rows, ScoreColumn, score);
    }

    /// <summary>The schema of a stored reference, which live windows of the same version are built with.</summary>
    public static ProfileSchema SchemaOf(DatasetProfile reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new ProfileSchema(reference.Features.ToDictionary(f => f.Key, f => f.Value.Kind, StringComparer.Ordinal), reference.ScoreColumn);
    }
}
