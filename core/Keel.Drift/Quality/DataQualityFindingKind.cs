namespace Keel.Drift.Quality;

public enum DataQualityFindingKind
{
    /// <summary>A reference column is absent from the current data, or has a different kind.</summary>
    ColumnMismatch,

    /// <summary>The share of missing values rose beyond the margin.</summary>
    MissingRateRise,

    /// <summary>Numeric values below the reference's minimum or above its maximum.</summary>
    OutOfRange,

    /// <summary>Categories the reference never had.</summary>
    UnseenCategories,
}
