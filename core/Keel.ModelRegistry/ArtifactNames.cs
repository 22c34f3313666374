namespace Keel.ModelRegistry;

/// <summary>The names under which the platform attaches the artifacts of a version.</summary>
public static class ArtifactNames
{
    /// <summary>The ONNX model the version is bound to; reserved, since it is fixed at creation.</summary>
    public const string Onnx = "onnx";

    public const string MlNetModel = "mlnet-model.zip";

    public const string GateReportJson = "gate-report.json";

    public const string GateReportHtml = "gate-report.html";

    public const string ModelCardJson = "model-card.json";

    public const string ModelCardHtml = "model-card.html";

    /// <summary>The profile of the training set's model inputs and the holdout's scores that live traffic is compared with.</summary>
    public const string ReferenceProfile = "reference-profile.json";
}
