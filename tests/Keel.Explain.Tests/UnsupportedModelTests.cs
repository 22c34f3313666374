using Keel.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Explain.Tests;

/// <summary>Models the explainers cannot explain are refused when the explainer is built, with the reason.</summary>
public sealed class UnsupportedModelTests
{
    [Fact]
    public void A_model_without_a_predictor_is_refused()
    {
        var (bytes, rows) = Saved(ml => ml.Transforms.Concatenate("keel.features", "a", "b"));

        var error = Assert.Throws<NotSupportedException>(() => Explainers.For(bytes, rows));
        Assert.Contains("predictor", error.Message);
    }

    [Fact]
    public void A_multiclass_model_is_refused()
    {
        var (bytes, rows) = Saved(ml => ml.Transforms.Concatenate("keel.features", "a", "b")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("label", "keel.features", maximumNumberOfIterations: 5)));

        var error = Assert.Throws<NotSupportedException>(() => Explainers.For(bytes, rows));
        Assert.Contains("Score", error.Message);
    }

    [Fact]
    public async Task An_empty_background_is_refused()
    {
        var set = Synthetic.Binary(600);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());

        Assert.Throws<ArgumentException>(() => Explainers.For(model, Array.Empty<IReadOnlyDictionary<string, object?>>()));
    }

    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        public string Label { get; set; } = "";
    }

    /// <summary>A model built directly with ML.NET (not by Keel's trainer), saved with inputs a and b.</summary>
    private static (byte[] Bytes, IReadOnlyDictionary<string, object?>[] Rows) Saved(Func<MLContext, IEstimator<ITransformer>> pipeline)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var data = Enumerable.Range(0, 200).Select(_ => new Row { A = random.NextSingle(), B = random.NextSingle(), Label = random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        var view = ml.Data.LoadFromEnumerable(data);
        var renamed = ml.Transforms.CopyColumns("a", nameof(Row.A))
            .Append(ml.Transforms.CopyColumns("b", nameof(Row.B)))
            .Append(ml.Transforms.Conversion.MapValueToKey("label", nameof(Row.Label)))
            .Fit(view).Transform(view);
        var inputs = ml.Data.LoadFromEnumerable(data.Select(d => new { a = d.A, b = d.B }));
        var model = pipeline(ml).Fit(renamed);
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputs.Schema, stream);
        var rows = data.Take(10).Select(d => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["a"] = d.A, ["b"] = d.B }).ToArray();
        return (stream.ToArray(), rows);
    }
}
