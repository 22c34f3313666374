using Keel.Retention.Planning;

namespace Keel.Retention;

/// <summary>A planned action as it was carried out: done, or found already gone (another process deleted or moved the copy).</summary>
public sealed record AppliedAction(PlannedAction Planned, bool Done);
