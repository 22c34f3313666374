namespace Keel.Training;

/// <summary>
/// What to train and how: the model's name and documentation, the feature service and label it
/// learns from, the trainer and its hyper-parameters, the seed and holdout that make a run
/// reproducible, and the sections other components read (gates, search, tags). Written by people
/// as YAML or JSON (<see cref="TrainingSpecFile"/>); <see cref="Hash"/> identifies it in lineage.
/// </summary>
public sealed record TrainingSpec
{
    public const int DefaultSeed = 42;
    public const double DefaultHoldoutFraction = 0.2;

    private readonly string? _experiment;

    /// <summary>The model's name in the registry.</summary>
    public required string Name { get; init; }

    /// <summary>The tracking experiment runs are recorded under; the model's name unless set.</summary>
    public string Experiment
    {
        get => _experiment ?? Name;
        init => _experiment = value;
    }

    /// <summary>What the model is for (<c>description</c> or <c>purpose</c> in the file); goes to the model card.</summary>
    public string? Description { get; init; }

    public string? Owner { get; init; }

    public string? IntendedUse { get; init; }

    public string? Limitations { get; init; }

    public required string FeatureService { get; init; }

    /// <summary>The view whose rows are the training set's entity/timestamp frame; the repository's label view when null.</summary>
    public string? LabelView { get; init; }

    /// <summary>The label column of the training set.</summary>
    public required string Label { get; init; }

    public TrainingTask Task { get; init; } = TrainingTask.Binary;

    /// <summary>
    /// Binary only: the label value that is the positive class ("bad" for a string label). A bool
    /// label's positive class is true and a numeric label's is 1 unless this says otherwise.
    /// </summary>
    public string? PositiveClass { get; init; }

    public ModelType ModelType { get; init; } = ModelType.LightGbm;

    /// <summary>Trainer settings by canonical name (see <see cref="HyperParameterCatalog"/>); unset ones take the catalogue's defaults.</summary>
    public IReadOnlyDictionary<string, HyperParameterValue> HyperParameters { get; init; } = new Dictionary<string, HyperParameterValue>();

    /// <summary>Seeds the split, ML.NET and the trainer: the same spec and data give the same model and metrics.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The share of rows held out for evaluation, strictly between 0 and 1.</summary>
    public double HoldoutFraction { get; init; } = DefaultHoldoutFraction;

    /// <summary>Attributes the bias gate checks; they stay model inputs when the feature service serves them.</summary>
    public IReadOnlyList<string> ProtectedAttributes { get; init; } = [];

    /// <summary>
    /// Gate name → that gate's settings, kept as written (numbers as double, words as string,
    /// true/false, null, lists and maps): the gates read and check them, training does not.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Gates { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, object?>>();

    public SearchSpec? Search { get; init; }

    /// <summary>What a run holds while it trains, which is what it is charged for; <see cref="ResourceRequest.Default"/> unless set.</summary>
    public ResourceRequest Resources { get; init; } = ResourceRequest.Default;

    /// <summary>Free labels for reports and cost allocation (<c>team</c>, <c>cost_centre</c>).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>SHA-256 of the spec's canonical JSON, defaults filled in: equal specs, equal hashes, however they were written.</summary>
    public string Hash => TrainingSpecFile.HashOf(this);
}
