using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>
/// The profiles of a dataset's feature columns and of the model's score, mergeable and stored as a
/// JSON artifact. A reference profile (training data) and a window's profile (served traffic) are
/// what drift detection compares.
/// </summary>
public sealed class DatasetProfile
{
    private readonly Dictionary<string, FeatureProfile> _features;

    [JsonConstructor]
    public DatasetProfile(IReadOnlyDictionary<string, FeatureProfile> features, long rows = 0, string? scoreColumn = null, NumericProfile? score = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if ((scoreColumn is null) != (score is null))
        {
            throw new ArgumentException("a score profile needs its column name, and a score column needs its profile");
        }
        _features = new Dictionary<string, FeatureProfile>(features, StringComparer.Ordinal);
        Rows = rows;
        ScoreColumn = scoreColumn;
        Score = score;
    }

    /// <summary>An empty profile of every column of the schema.</summary>
    public static DatasetProfile Empty(ProfileSchema schema, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new ProfileOptions();
        var features = schema.Columns.ToDictionary(c => c.Key, c => FeatureProfile.Create(c.Value, options, c.Key));
        var score = schema.ScoreColumn is { } column ? new NumericProfile(options.SketchK, options.SeedFor(column)) : null;
        return new DatasetProfile(features, 0, schema.ScoreColumn, score);
    }

    public long Rows { get; private set; }

    public IReadOnlyDictionary<string, FeatureProfile> Features => _features;

    public string? ScoreColumn { get; }

    public NumericProfile? Score { get; }

    public FeatureProfile this[string feature] =>
        _features.TryGetValue(feature, out var profile) ? profile : throw new KeyNotFoundException($"the profile has no feature '{feature}'");

    /// <summary>Adds the other profile's data; both must profile the same columns with the same kinds.</summary>
    public void Merge(DatasetProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            other = FromJson(ToJson());
        }
        if (other.ScoreColumn != ScoreColumn)
        {
            throw new ArgumentException($"score column '{other.ScoreColumn}' does not match '{ScoreColumn}'", nameof(other));
        }
        var differing = _features.Keys.Except(other._features.Keys).Concat(other._features.Keys.Except(_features.Keys)).ToArray();
        if (differing.Length > 0)
        {
            throw new ArgumentException($"the profiles differ in columns: {string.Join(", ", differing)}", nameof(other));
        }
        // Check every kind before changing anything, so a failed merge leaves this profile as it was.
        foreach (var (name, profile) in _features)
        {
            if (profile.Kind != other._features[name].Kind)
            {
                throw new ArgumentException($"column '{name}' is {profile.Kind} here but {other._features[name].Kind} in the other profile", nameof(other));
            }
            if (profile is NumericProfile numeric && other._features[name] is NumericProfile theirs && numeric.Sketch.K != theirs.Sketch.K)
            {
                throw new ArgumentException($"column '{name}' is sketched with k = {numeric.Sketch.K} here but k = {theirs.Sketch.K} in the other profile", nameof(other));
            }
        }
        if (Score is not null && other.Score is not null && Score.Sketch.K != other.Score.Sketch.K)
        {
            throw new ArgumentException($"the score is sketched with k = {Score.Sketch.K} here but k = {other.Score.Sketch.K} in the other profile", nameof(other));
        }
        foreach (var (name, profile) in _features)
        {
            profile.Merge(other._features[name]);
        }
        if (Score is not null && other.Score is not null)
        {
            Score.Merge(other.Score);
        }
        Rows += other.Rows;
    }

    internal void CountRow() => Rows++;

    public string ToJson() => JsonSerializer.Serialize(this, DriftJson.Compact);

    public static DatasetProfile FromJson(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, DriftJson.Options) ?? throw new JsonException("a dataset profile was expected, got null");
}
