using System.Text.Json.Serialization;

namespace Keel.Gates.Bias;

/// <summary>
/// Which prediction is the favourable one for the person scored. Keel's models predict the event
/// they are built to detect (default, fraud, a claim, a readmission), so by default the
/// positive class is the adverse outcome and the favourable decision is the negative
/// prediction. A model whose positive class is the good outcome (approve, good) sets
/// <c>favourable: positive</c>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FavourableOutcome>))]
public enum FavourableOutcome
{
    /// <summary>Predicting the positive class (score ≥ threshold) is favourable.</summary>
    [JsonStringEnumMemberName("positive")] Positive,

    /// <summary>Predicting the negative class (score &lt; threshold) is favourable.</summary>
    [JsonStringEnumMemberName("negative")] Negative,
}
