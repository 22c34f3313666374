using System.Diagnostics;
using Keel.Features.Offline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Training;

/// <summary>
/// Trains a model from a point-in-time training set and a spec, evaluates it on the holdout,
/// exports it to ONNX and measures the export against the ML.NET model on the holdout rows.
/// The same spec, data and seed always give the same model, metrics and scores: the split is a
/// hash of each row's key and time, rows are put in a canonical order before training (so the
/// order the frame arrives in does not matter), and every trainer runs seeded on one thread.
/// </summary>
public static class ModelTrainer
{
    public static Task<TrainedModel> TrainAsync(TrainingSet set, TrainingSpec spec, CancellationToken ct = default) =>
        TrainAsync(set, spec, datasetHash: null, ct);

    /// <param name="datasetHash">The hash of the dataset file the set was read from, carried into lineage.</param>
    public static Task<TrainedModel> TrainAsync(TrainingSet set, TrainingSpec spec, string? datasetHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(spec);
        // Training is CPU-bound and synchronous inside ML.NET; run it off the caller's thread.
        return Task.Run(() => Train(set, spec, datasetHash, ct), ct);
    }

    private static TrainedModel Train(TrainingSet set, TrainingSpec spec, string? datasetHash, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        TrainingSpecValidator.Validate(spec);
        CheckSetMatchesSpec(set, spec);
        var parameters = HyperParameterCatalog.Resolve(spec.ModelType, spec.HyperParameters);
        var frame = set.Frame;
        var labels = TrainingLabels.Read(frame.Column(spec.Label), spec);
        var features = Features(frame, spec);
        var inputs = features.Select(f => new InputColumn(f.Name, f.Encoding)).ToArray();

        var holdout = HoldoutSplit.Assign(frame, spec.Seed, spec.HoldoutFraction);
        var order = CanonicalOrder(frame);
        var trainRows = order.Where(r => labels[r] is not null && !holdout[r]).ToArray();
        var holdoutRows = order.Where(r => labels[r] is not null && holdout[r]).ToArray();
        CheckRows(spec, labels, trainRows, "training");
        CheckRows(spec, labels, holdoutRows, "holdout");

        // ML.NET offers no public way to stop a fit midway, so cancellation is honoured between stages.
        ct.ThrowIfCancellationRequested();
        var ml = new MLContext(seed: spec.Seed);
        var trainBatch = FeatureValueEncoder.Encode(frame, inputs, trainRows);
        var holdoutBatch = FeatureValueEncoder.Encode(frame, inputs, holdoutRows);
        var trainView = new EncodedDataView(trainBatch, TrainerFactory.Label, LabelArray(spec.Task, labels, trainRows));
        var holdoutView = new EncodedDataView(holdoutBatch, TrainerFactory.Label, LabelArray(spec.Task, labels, holdoutRows));

        var pipeline = FeaturePipeline.Build(ml, trainBatch, TrainerFactory.NeedsNormalization(spec.ModelType))
            .Append(TrainerFactory.Create(ml, spec.Task, spec.ModelType, parameters, spec.Seed));
        var clock = Stopwatch.StartNew();
        var model = pipeline.Fit(trainView);
        clock.Stop();
        ct.ThrowIfCancellationRequested();

        var scored = model.Transform(holdoutView);
        var metrics = ModelEvaluator.Evaluate(ml, scored, spec.Task);
        var predictions = Predictions(scored, frame, holdoutRows, labels, spec);
        ct.ThrowIfCancellationRequested();

        // The saved and exported models take the features only: the label is not an input when scoring.
        var scoringView = new EncodedDataView(holdoutBatch);
        using var zip = new MemoryStream();
        ml.Model.Save(model, scoringView.Schema, zip);
        using var onnx = new MemoryStream();
        ml.Model.ConvertToOnnx(model, scoringView, onnx);

        using var scorer = new OnnxScorer(onnx.ToArray());
        var onnxScores = scorer.Score(FeatureValueEncoder.Encode(frame, scorer.Inputs, holdoutRows));
        var mlNetScores = scored.GetColumn<float>(ScoreColumns.For(spec.Task)).ToArray();
        var parity = OnnxParity.Compare(mlNetScores, onnxScores, scorer.Output);

        return new TrainedModel
        {
            Spec = spec,
            SpecHash = spec.Hash,
            HyperParameters = parameters,
            Dataset = new DatasetSnapshot(set.Service, set.LabelView, set.ViewVersions, set.Rows,
                labels.Count(l => l is null), set.From, set.To, datasetHash),
            OnnxBytes = onnx.ToArray(),
            MlNetZipBytes = zip.ToArray(),
            Metrics = metrics,
            HoldoutPredictions = predictions,
            Features = features,
            InputSignature = scorer.InputSignature,
            OnnxParity = parity,
            TrainingTime = clock.Elapsed,
            WallTime = wall.Elapsed,
            TrainRows = trainRows.Length,
            HoldoutRows = holdoutRows.Length,
        };
    }

    private static void CheckSetMatchesSpec(TrainingSet set, TrainingSpec spec)
    {
        if (set.Service != spec.FeatureService)
        {
            throw new ArgumentException($"feature_service: the spec trains on '{spec.FeatureService}' but the training set is of '{set.Service}'.");
        }
        if (spec.LabelView is { } labelView && labelView != set.LabelView)
        {
            throw new ArgumentException($"label_view: the spec names '{labelView}' but the training set's labels come from '{set.LabelView}'.");
        }
        if (set.Frame.Columns.All(c => c.Name != spec.Label))
        {
            throw new ArgumentException($"label: the training set has no column '{spec.Label}' (it has {string.Join(", ", set.Frame.Columns.Select(c => c.Name))}).");
        }
    }

    /// <summary>Every frame column but the label is a feature; protected attributes stay in and are marked.</summary>
    private static ModelFeature[] Features(FeatureFrame frame, TrainingSpec spec)
    {
        var protectedAttributes = spec.ProtectedAttributes.ToHashSet(StringComparer.Ordinal);
        return frame.Columns
            .Where(c => c.Name != spec.Label)
            .Select(c =>
            {
                var encoding = FeatureEncodings.For(c.Type);
                return new ModelFeature(c.Name, c.Type, encoding, c.Name, encoding.OnnxElementType(), protectedAttributes.Contains(c.Name));
            })
            .ToArray();
    }

    /// <summary>Rows by event time, then entity key: the order training sees, whatever order the frame came in.</summary>
    private static int[] CanonicalOrder(FeatureFrame frame) => Enumerable.Range(0, frame.RowCount)
        .OrderBy(r => frame.Timestamps[r].UtcTicks)
        .ThenBy(r => frame.EntityKeys[r], StringComparer.Ordinal)
        .ToArray();

    private static void CheckRows(TrainingSpec spec, double?[] labels, int[] rows, string side)
    {
        if (rows.Length == 0)
        {
            throw new ArgumentException($"The {side} side of the split has no labelled rows; the training set is too small for holdout_fraction {spec.HoldoutFraction}.");
        }
        if (spec.Task == TrainingTask.Binary)
        {
            var positives = rows.Count(r => labels[r] == 1);
            if (positives == 0 || positives == rows.Length)
            {
                throw new ArgumentException($"The {side} rows are all of one class ({positives} positive of {rows.Length}); a binary model needs both.");
            }
        }
    }

    private static Array LabelArray(TrainingTask task, double?[] labels, int[] rows) => task == TrainingTask.Binary
        ? rows.Select(r => labels[r] == 1).ToArray()
        : rows.Select(r => (float)labels[r]!.Value).ToArray();

    private static HoldoutPrediction[] Predictions(IDataView scored, FeatureFrame frame, int[] rows, double?[] labels, TrainingSpec spec)
    {
        var scores = scored.GetColumn<float>(ScoreColumns.Score).ToArray();
        var binary = spec.Task == TrainingTask.Binary;
        var probabilities = binary ? scored.GetColumn<float>(ScoreColumns.Probability).ToArray() : null;
        var predicted = binary ? scored.GetColumn<bool>(ScoreColumns.PredictedLabel).ToArray() : null;
        var protectedColumns = spec.ProtectedAttributes
            .Select(a => frame.Columns.FirstOrDefault(c => c.Name == a))
            .OfType<FrameColumn>()
            .ToArray();
        return rows.Select((row, i) => new HoldoutPrediction(
                row,
                frame.EntityKeys[row],
                frame.Timestamps[row],
                labels[row]!.Value,
                scores[i],
                probabilities?[i],
                predicted?[i],
                protectedColumns.ToDictionary(c => c.Name, c => c.Values[row], StringComparer.Ordinal)))
            .ToArray();
    }
}
