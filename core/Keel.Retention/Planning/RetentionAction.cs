namespace Keel.Retention.Planning;

public enum RetentionAction
{
    /// <summary>The copy is deleted: no owner in any tenant keeps the blob.</summary>
    Delete,

    /// <summary>The hot copy is moved to the cold tier: no owner keeps the blob hot, and some still need it.</summary>
    MoveToCold,
}
