namespace Keel.Lifecycle;

/// <summary>The media types artifacts are stored under.</summary>
internal static class MediaTypes
{
    public const string Onnx = "application/onnx";
    public const string Zip = "application/zip";
    public const string Json = "application/json";
    public const string Html = "text/html; charset=utf-8";
    public const string Parquet = "application/vnd.apache.parquet";
}
