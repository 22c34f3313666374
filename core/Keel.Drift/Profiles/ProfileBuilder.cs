namespace Keel.Drift.Profiles;

/// <summary>
/// Builds a <see cref="DatasetProfile"/> one row at a time. A column the row lacks counts as
/// missing; columns outside the schema are ignored. A row is read completely before anything is
/// added, so a row with an unreadable value throws and leaves the profile as it was.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly ProfileSchema _schema;
    private readonly KeyValuePair<string, FeatureKind>[] _columns;
    private readonly object?[] _converted;

    public ProfileBuilder(ProfileSchema schema, ProfileOptions? options = null)
    {
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _columns = [.. schema.Columns];
        _converted = new object?[_columns.Length + 1];
        Profile = DatasetProfile.Empty(schema, options);
    }

    /// <summary>The profile so far; it keeps growing as rows are added.</summary>
    public DatasetProfile Profile { get; }

    public void Add(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _columns.Length; i++)
        {
            var (name, kind) = _columns[i];
            var value = row.GetValueOrDefault(name);
            _converted[i] = kind switch
            {
                FeatureKind.Numeric => ValueConversion.ToNumber(name, value),
                FeatureKind.Categorical => ValueConversion.ToCategory(name, value),
                _ => ValueConversion.ToBinary(name, value),
            };
        }
        if (_schema.ScoreColumn is { } scoreColumn)
        {
            _converted[^1] = ValueConversion.ToNumber(scoreColumn, row.GetValueOrDefault(scoreColumn));
        }

        for (var i = 0; i < _columns.Length; i++)
        {
            var profile = Profile.Features[_columns[i].Key];
            switch (_converted[i])
            {
                case null:
                    profile.AddMissing();
                    break;
                case double number:
                    ((NumericProfile)profile).Add(number);
                    break;
                case string category:
                    ((CategoricalProfile)profile).Add(category);
                    break;
                case bool flag:
                    ((BinaryProfile)profile).Add(flag);
                    break;
            }
        }
        if (Profile.Score is { } score)
        {
            if (_converted[^1] is double s)
            {
                score.Add(s);
            }
            else
            {
                score.AddMissing();
            }
        }
        Profile.CountRow();
    }
}
