namespace Keel.Serving.Protocol;

/// <summary>
/// An inference request as <see cref="RequestReader"/> read it: no judgement yet beyond the JSON
/// being a request. <see cref="TensorReader"/> checks it against the model, in the order the
/// protocol's errors have always come in.
/// </summary>
internal sealed class ParsedRequest
{
    public string? Id { get; set; }

    /// <summary>The inputs in request order; only the first <see cref="InputCount"/> are set.</summary>
    public RequestTensor[] Inputs { get; set; } = [];

    public int InputCount { get; set; }

    /// <summary>The names of the outputs asked for (null for an entry without one); none asked for means all.</summary>
    public List<string?>? Outputs { get; set; }
}

/// <summary>One input: what it says about itself, and its data already in the element type of the model input its name gives.</summary>
internal struct RequestTensor
{
    public string? Name;

    /// <summary>The model input the name gives, -1 for none (no name, or a name the model lacks).</summary>
    public int Spec;

    public long[]? Shape;

    public string? Datatype;

    public TensorData Data;
}

/// <summary>
/// An input's data, flattened row-major. Every element is counted, but the values are only
/// valid up to <see cref="Count"/> when <see cref="Error"/> is null.
/// </summary>
internal readonly record struct TensorData(bool IsArray, Array? Values, int Count, string? Error)
{
    public static TensorData NotArray => default;
}
