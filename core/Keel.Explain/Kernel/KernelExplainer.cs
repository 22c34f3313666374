namespace Keel.Explain;

/// <summary>
/// Model-agnostic KernelSHAP over the model's features (not its encoded slots), for models without
/// trees (SDCA). A coalition's value is the model's mean raw score over the background rows with
/// the coalition's features replaced by the explained row's values; all coalitions of a row are
/// scored by the ML.NET model in one batch of coalitions × background rows. The work per
/// explanation is KernelSamples × background rows model evaluations, so both are bounded by options.
/// </summary>
internal sealed class KernelExplainer : IExplainer
{
    private readonly LoadedModel _model;
    private readonly InputBatch _background;
    private readonly ExplainerOptions _options;

    public KernelExplainer(LoadedModel model, InputBatch background, ExplainerOptions options)
    {
        _model = model;
        _background = background;
        _options = options;
        ExpectedValue = _model.Score(background).Average(s => (double)s);
    }

    public string Method => ExplanationMethods.KernelShap;

    public IReadOnlyList<string> Features => _model.FeatureNames;

    public double ExpectedValue { get; }

    public Explanation Explain(IReadOnlyDictionary<string, object?> row, DateTimeOffset? asOf = null) => ExplainBatch([row], asOf)[0];

    public IReadOnlyList<Explanation> ExplainBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var batch = InputBatch.From(rows, _model.Inputs, asOf);
        var scores = _model.Score(batch);
        var features = _model.Inputs.Count;
        var result = new Explanation[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            // A fixed seed per row keeps explanations reproducible, whatever else was explained before.
            var (masks, weights) = Coalitions.Make(features, _options.KernelSamples, new Random(_options.Seed));
            var values = CoalitionValues(batch, r, masks);
            var phi = KernelShap.Solve(masks, weights, values, ExpectedValue, scores[r], features);
            result[r] = Additivity.Build(_model.Inputs, rows[r], phi, ExpectedValue, scores[r], _model.Probability(scores[r]),
                Method, _options.AdditivityTolerance);
        }
        return result;
    }

    private double[] CoalitionValues(InputBatch rows, int row, bool[][] masks)
    {
        var n = _background.RowCount;
        var mixed = _background.Empty(masks.Length * n);
        for (var k = 0; k < masks.Length; k++)
        {
            for (var b = 0; b < n; b++)
            {
                var target = (k * n) + b;
                for (var j = 0; j < masks[k].Length; j++)
                {
                    if (masks[k][j])
                    {
                        mixed.CopyValue(j, rows, row, target);
                    }
                    else
                    {
                        mixed.CopyValue(j, _background, b, target);
                    }
                }
            }
        }
        var scores = masks.Length == 0 ? [] : _model.Score(mixed);
        var values = new double[masks.Length];
        for (var k = 0; k < masks.Length; k++)
        {
            var sum = 0.0;
            for (var b = 0; b < n; b++)
            {
                sum += scores[(k * n) + b];
            }
            values[k] = sum / n;
        }
        return values;
    }
}
