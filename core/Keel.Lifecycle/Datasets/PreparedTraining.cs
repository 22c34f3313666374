namespace Keel.Lifecycle;

/// <summary>
/// The first step of a training request: the tenant it acts for, the model it trains, and the dataset
/// snapshot to train on — or, when the request cannot succeed however often it is retried (a spec
/// that does not parse, an unknown feature service, an empty training set), the problem instead.
/// </summary>
public sealed record PreparedTraining(string Tenant, string? Model, CapturedDataset? Dataset, string? Problem)
{
    public bool IsValid => Problem is null && Dataset is not null;
}
