namespace Keel.Serving.Runtime;

/// <summary>An output tensor of one request: its shape and flat row-major data.</summary>
public sealed record TensorResult(TensorSpec Spec, long[] Shape, Array Data);

/// <summary>One request waiting in a model version's queue: its inputs in model order, and where its outputs go.</summary>
internal sealed class PendingInference(Array[] inputs, long[][] shapes, int rows, CancellationToken cancellation)
{
    public Array[] Inputs { get; } = inputs;

    public long[][] Shapes { get; } = shapes;

    public int Rows { get; } = rows;

    public CancellationToken Cancellation { get; } = cancellation;

    // Continuations run off the batch worker, so a slow caller cannot stall the next batch.
    public TaskCompletionSource<TensorResult[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
