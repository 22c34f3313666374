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
    /// <param name="recursive">Use the classic recursive TreeSHAP (the benchmark's baseline) instead of the leaf-wise tables.</param>
    internal Explanation[] ExplainEncoded(float[] encoded, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, bool recursive = false)
    {
        var slots = _trees.SlotCount;
        // The leaf-wise form is the fast one; the recursion covers paths too long for its bit masks.
        var shap = recursive || _leafShap is null ? new TreeShap(_trees) : null;
        // One block at a time, so the slot values stay small enough for the first-level caches.
        var slotPhi = new double[Math.Min(LeafShap.BlockRows, rows.Count) * slots];
        var inputPhi = new double[_model.Inputs.Count];
        var result = new Explanation[rows.Count];
        for (var first = 0; first < rows.Count; first += LeafShap.BlockRows)
        {
            var count = Math.Min(LeafShap.BlockRows, rows.Count - first);
            var x = encoded.AsSpan(first * slots, count * slots);
            Array.Clear(slotPhi);
            if (shap is null)
            {
                _leafShap!.Explain(x, slotPhi, count);
            }
            else
            {
                for (var r = 0; r < count; r++)
                {
                    shap.Explain(x.Slice(r * slots, slots), slotPhi.AsSpan(r * slots, slots));
                }
            }
            for (var r = 0; r < count; r++)
            {
                Array.Clear(inputPhi);
                for (var s = 0; s < slots; s++)
                {
                    inputPhi[_model.SlotInputs[s]] += slotPhi[(r * slots) + s];
                }
                var raw = _trees.RawScore(x.Slice(r * slots, slots));
                result[first + r] = Additivity.Build(_model.Inputs, rows[first + r], inputPhi, _trees.ExpectedValue, raw, _model.Probability(raw),
                    Method, _options.AdditivityTolerance);
            }
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
