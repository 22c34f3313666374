using Keel.Costs.Metering;

namespace Keel.Metering;

/// <summary>A usage record as the ledger keeps it: the event it came in, the usage, and the predictions it served.</summary>
public sealed record LedgerEntry(string EventId, UsageRecord Record, long Predictions = 0);
