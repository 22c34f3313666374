namespace Keel.Serving.Protocol;

/// <summary>The v2 tensor datatypes Keel serves and the .NET element types ONNX Runtime uses for them.</summary>
public static class DataTypes
{
    public const string Fp32 = "FP32";
    public const string Fp64 = "FP64";
    public const string Int64 = "INT64";
    public const string Int32 = "INT32";
    public const string Bool = "BOOL";
    public const string Bytes = "BYTES";

    private static readonly Dictionary<Type, string> Names = new()
    {
        [typeof(float)] = Fp32,
        [typeof(double)] = Fp64,
        [typeof(long)] = Int64,
        [typeof(int)] = Int32,
        [typeof(bool)] = Bool,
        [typeof(string)] = Bytes,
    };

    /// <summary>The v2 name of an element type, or null when Keel cannot serve it.</summary>
    public static string? NameOf(Type elementType) => Names.GetValueOrDefault(elementType);

    public static Type ElementTypeOf(string datatype) =>
        Names.FirstOrDefault(pair => pair.Value == datatype).Key ?? throw new ArgumentException($"'{datatype}' is not a datatype Keel serves.", nameof(datatype));
}
