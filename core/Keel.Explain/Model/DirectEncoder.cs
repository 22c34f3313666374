using Keel.Training;

namespace Keel.Explain;

/// <summary>
/// Keel's feature pipeline redone in plain code, to encode a row without an ML.NET transform
/// pass (whose per-call setup costs far more than explaining the row). Each slot is read from its
/// name: "keel.numeric.X" is X's value, or X's training mean when missing; "keel.missing.X" is 1
/// when X is missing; "keel.onehot.X.V" is 1 when category X is V. The means are read from the
/// model itself by encoding a row of missing values. It is used only if it encodes the background
/// rows and that probe bit for bit as the model's transforms do; otherwise (a normalising
/// pipeline, an unknown slot name) <see cref="TryCreate"/> gives null and ML.NET encodes.
/// </summary>
internal sealed class DirectEncoder
{
    private enum Kind
    {
        Value,
        Missing,
        OneHot,
    }

    private readonly record struct Slot(Kind Kind, int Input, float Mean, string? Category);

    private readonly Slot[] _slots;

    private DirectEncoder(Slot[] slots) => _slots = slots;

    public static DirectEncoder? TryCreate(LoadedModel model, InputBatch background)
    {
        var probe = model.Encode(MissingRow(model.Inputs));
        var slots = new Slot[model.SlotCount];
        for (var s = 0; s < slots.Length; s++)
        {
            var name = model.SlotNames[s];
            var input = model.SlotInputs[s];
            var prefix = $"keel.onehot.{model.Inputs[input].Name}.";
            var numeric = model.Inputs[input].Encoding == FeatureEncoding.Numeric;
            if (numeric && name == $"keel.numeric.{model.Inputs[input].Name}")
            {
                slots[s] = new Slot(Kind.Value, input, probe[s], null);
            }
            else if (numeric && name == $"keel.missing.{model.Inputs[input].Name}")
            {
                slots[s] = new Slot(Kind.Missing, input, 0, null);
            }
            else if (!numeric && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                slots[s] = new Slot(Kind.OneHot, input, 0, name[prefix.Length..]);
            }
            else
            {
                return null;
            }
        }
        var encoder = new DirectEncoder(slots);
        var agrees = encoder.Encode(background).AsSpan().SequenceEqual(model.Encode(background))
            && encoder.Encode(MissingRow(model.Inputs)).AsSpan().SequenceEqual(probe);
        return agrees ? encoder : null;
    }

    /// <summary>The feature vectors of a batch, dense, row after row.</summary>
    public float[] Encode(InputBatch batch)
    {
        var slots = _slots.Length;
        var result = new float[batch.RowCount * slots];
        for (var s = 0; s < slots; s++)
        {
            var slot = _slots[s];
            var column = batch.Columns[slot.Input];
            for (var r = 0; r < batch.RowCount; r++)
            {
                result[(r * slots) + s] = slot.Kind switch
                {
                    Kind.Value => ((float[])column)[r] is var v && float.IsNaN(v) ? slot.Mean : v,
                    Kind.Missing => float.IsNaN(((float[])column)[r]) ? 1 : 0,
                    _ => string.Equals(((string[])column)[r], slot.Category, StringComparison.Ordinal) ? 1 : 0,
                };
            }
        }
        return result;
    }

    private static InputBatch MissingRow(IReadOnlyList<InputColumn> inputs) =>
        InputBatch.From([inputs.ToDictionary(i => i.Name, _ => (object?)null)], inputs, asOf: null);
}
