using Keel.Training;

namespace Keel.Explain;

/// <summary>
/// Exact TreeSHAP for Keel's LightGbm and FastTree models. Rows are encoded into the model's
/// feature vector by the model's own ML.NET transforms (in one pass per batch), explained per
/// slot by <see cref="TreeShap"/> over the flattened trees, and the slot values are summed back to
/// the feature each slot encodes (its value or mean, its missing indicator, its one-hot columns).
/// </summary>
internal sealed class TreeExplainer : IExplainer
{
    private readonly LoadedModel _model;
    private readonly FlatTrees _trees;
    private readonly ExplainerOptions _options;
    private readonly LeafShap? _leafShap;
    private readonly DirectEncoder? _direct;

    public TreeExplainer(LoadedModel model, FlatTrees trees, InputBatch background, ExplainerOptions options)
    {
        _model = model;
        _trees = trees;
        _options = options;
        var encoded = _model.Encode(background);
        trees.SetCovers(encoded, background.RowCount);
        _leafShap = LeafShap.Prepare(trees);
        _direct = DirectEncoder.TryCreate(model, background);
        CheckTreeWalk(encoded, _model.Score(background));
    }

    public string Method => ExplanationMethods.TreeShap;

    public IReadOnlyList<string> Features => _model.FeatureNames;

    public double ExpectedValue => _trees.ExpectedValue;

    internal FlatTrees Trees => _trees;

    internal LoadedModel Model => _model;

    /// <summary>Whether rows are encoded by <see cref="DirectEncoder"/> (true) or by the model's ML.NET transforms.</summary>
    internal bool EncodesDirectly => _direct is not null;

    /// <summary>The feature vectors of a batch, by the direct encoder when it was verified, else by ML.NET.</summary>
    internal float[] Encode(InputBatch batch) => _direct?.Encode(batch) ?? _model.Encode(batch);

    public Explanation Explain(IReadOnlyDictionary<string, object?> row, DateTimeOffset? asOf = null) => ExplainBatch([row], asOf)[0];

    public IReadOnlyList<Explanation> ExplainBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return ExplainEncoded(Encode(InputBatch.From(rows, _model.Inputs, asOf)), rows);
    }

    /// <summary>Explains rows already encoded as feature vectors (rows × slots); <paramref name="rows"/> supplies the shown values.</summary>
    internal Explanation[] ExplainEncoded(float[] encoded, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var slots = _trees.SlotCount;
        // The leaf-wise form is the fast one; the recursion covers paths too long for its bit masks.
        var shap = _leafShap is null ? new TreeShap(_trees) : null;
        var slotPhi = new double[slots];
        var inputPhi = new double[_model.Inputs.Count];
        var result = new Explanation[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var x = encoded.AsSpan(r * slots, slots);
            Array.Clear(slotPhi);
            Array.Clear(inputPhi);
            if (shap is null)
            {
                _leafShap!.Explain(x, slotPhi);
            }
            else
            {
                shap.Explain(x, slotPhi);
            }
            for (var s = 0; s < slots; s++)
            {
                inputPhi[_model.SlotInputs[s]] += slotPhi[s];
            }
            var raw = _trees.RawScore(x);
            result[r] = Additivity.Build(_model.Inputs, rows[r], inputPhi, _trees.ExpectedValue, raw, _model.Probability(raw),
                Method, _options.AdditivityTolerance);
        }
        return result;
    }

    /// <summary>
    /// The flattened trees must score the background exactly as ML.NET does, or the explanations
    /// would explain some other model; ML.NET sums in double and reports a float, hence the tolerance.
    /// </summary>
    private void CheckTreeWalk(float[] encoded, float[] scores)
    {
        var slots = _trees.SlotCount;
        for (var r = 0; r < scores.Length; r++)
        {
            var walked = _trees.RawScore(encoded.AsSpan(r * slots, slots));
            if (Math.Abs(walked - scores[r]) > 1e-5 * Math.Max(1, Math.Abs(scores[r])))
            {
                throw new NotSupportedException(
                    $"The explainer's reading of the trees scores background row {r} as {walked}, but the model scores it {scores[r]}; the model's trees are not in a form the explainer understands.");
            }
        }
    }
}
