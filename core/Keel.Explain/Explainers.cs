using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Explain;

/// <summary>
/// Builds the explainer for a trained model: exact TreeSHAP when the model's predictor is a tree
/// ensemble (LightGbm, FastTree), KernelSHAP otherwise (SDCA). The background rows — usually the
/// training rows — define the expected value the contributions are measured from, and for trees
/// the node covers. Building one loads the model, encodes and scores the background, so serving
/// builds one per loaded model version and keeps it.
/// </summary>
public static class Explainers
{
    /// <summary>An explainer for a trained model, with background rows from a frame (timestamps age to each row's event time, as in training).</summary>
    public static IExplainer For(TrainedModel model, FeatureFrame background, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return For(model.MlNetZipBytes, background, options);
    }

    /// <summary>An explainer for a trained model, with background rows of feature name → value.</summary>
    public static IExplainer For(TrainedModel model, IReadOnlyList<IReadOnlyDictionary<string, object?>> background, DateTimeOffset? asOf = null, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return For(model.MlNetZipBytes, background, asOf, options);
    }

    /// <summary>An explainer for a saved ML.NET model (<see cref="TrainedModel.MlNetZipBytes"/>) and background rows from a frame.</summary>
    public static IExplainer For(byte[] mlNetZipBytes, FeatureFrame background, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(background);
        options ??= new ExplainerOptions();
        var model = new LoadedModel(mlNetZipBytes);
        var trees = FlatTrees.From(model.Predictor, model.SlotCount);
        var limit = trees is null ? options.MaxKernelBackgroundRows : options.MaxTreeBackgroundRows;
        var batch = InputBatch.From(background, model.Inputs, Spread(background.RowCount, limit));
        return Create(model, trees, batch, options);
    }

    /// <summary>An explainer for a saved ML.NET model and background rows of feature name → value (timestamps age to <paramref name="asOf"/>).</summary>
    public static IExplainer For(byte[] mlNetZipBytes, IReadOnlyList<IReadOnlyDictionary<string, object?>> background, DateTimeOffset? asOf = null, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(background);
        options ??= new ExplainerOptions();
        var model = new LoadedModel(mlNetZipBytes);
        var trees = FlatTrees.From(model.Predictor, model.SlotCount);
        var limit = trees is null ? options.MaxKernelBackgroundRows : options.MaxTreeBackgroundRows;
        var rows = Spread(background.Count, limit).Select(r => background[r]).ToArray();
        return Create(model, trees, InputBatch.From(rows, model.Inputs, asOf), options);
    }

    private static IExplainer Create(LoadedModel model, FlatTrees? trees, InputBatch background, ExplainerOptions options)
    {
        if (background.RowCount == 0)
        {
            throw new ArgumentException("An explainer needs at least one background row: the expected value is measured over them.");
        }
        return trees is not null
            ? new TreeExplainer(model, trees, background, options)
            : new KernelExplainer(model, background, options);
    }

    /// <summary>At most <paramref name="limit"/> row indices spread evenly over all rows, so a capped background still spans the data.</summary>
    private static int[] Spread(int rows, int limit)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The background row limit must be positive.");
        }
        if (rows <= limit)
        {
            return Enumerable.Range(0, rows).ToArray();
        }
        return Enumerable.Range(0, limit).Select(i => (int)((long)i * rows / limit)).ToArray();
    }
}
