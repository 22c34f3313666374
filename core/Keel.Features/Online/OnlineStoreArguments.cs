using Keel.Events;

namespace Keel.Features.Online;

/// <summary>
/// The argument checks every online store makes before it touches storage, so all of them
/// reject the same input with the same message, and a bad row fails its whole write before
/// anything of it is stored.
/// </summary>
public static class OnlineStoreArguments
{
    public static void CheckView(string tenant, string view)
    {
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"Tenant '{tenant}' is not valid: {TenantName.Rule}.", nameof(tenant));
        }
        if (string.IsNullOrEmpty(view))
        {
            throw new ArgumentException("The view name is empty.", nameof(view));
        }
    }

    public static void CheckRead(string tenant, string view, IReadOnlyList<string> entityKeys)
    {
        CheckView(tenant, view);
        ArgumentNullException.ThrowIfNull(entityKeys);
        for (var i = 0; i < entityKeys.Count; i++)
        {
            if (entityKeys[i] is null)
            {
                throw new ArgumentException($"Entity key {i} is null.", nameof(entityKeys));
            }
        }
    }

    public static void CheckWrite(string tenant, string view, string viewVersion, IReadOnlyList<string> featureNames, IReadOnlyList<FeatureRow> rows)
    {
        CheckView(tenant, view);
        ArgumentNullException.ThrowIfNull(viewVersion);
        CheckFeatureNames(featureNames);
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            CheckRow(i, rows[i], featureNames.Count);
        }
    }

    public static void CheckFeatureNames(IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in featureNames)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A feature name is empty.", nameof(featureNames));
            }
            if (!seen.Add(name))
            {
                throw new ArgumentException($"Feature '{name}' is named twice.", nameof(featureNames));
            }
        }
    }

    private static void CheckRow(int index, FeatureRow row, int featureCount)
    {
        if (row is null)
        {
            throw new ArgumentException($"Row {index} is null.", "rows");
        }
        if (string.IsNullOrEmpty(row.EntityKey))
        {
            throw new ArgumentException($"Row {index} has no entity key.", "rows");
        }
        if (string.IsNullOrEmpty(row.EventId))
        {
            throw new ArgumentException($"Row {index} (entity '{row.EntityKey}') has no event id.", "rows");
        }
        if (row.Values is null || row.Values.Count != featureCount)
        {
            throw new ArgumentException(
                $"Row {index} (entity '{row.EntityKey}') has {row.Values?.Count ?? 0} values for {featureCount} features.", "rows");
        }
        for (var v = 0; v < featureCount; v++)
        {
            var value = row.Values[v];
            if (!FeatureValueCodec.IsSupported(value))
            {
                throw new ArgumentException(
                    $"Row {index} (entity '{row.EntityKey}') value {v} is a {value!.GetType().Name}; a feature value must be long, double, string, bool, DateTimeOffset or null.", "rows");
            }
        }
    }
}
