using Keel.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Keel.Explain;

/// <summary>
/// Which model input each slot of the feature vector encodes, read from the slot names ML.NET
/// keeps through the transforms: Keel's pipeline names a slot "keel.numeric.X", "keel.missing.X"
/// or "keel.onehot.X.value" (after Concatenate), so a slot belongs to input X. Contributions are
/// summed over those slots, which is why a one-hot column or a missing indicator is explained as
/// part of its feature.
/// </summary>
internal static class SlotMap
{
    public static int[] InputsOfSlots(DataViewSchema.Column column, IReadOnlyList<InputColumn> inputs) =>
        InputsOfSlots(Names(column), column.Name, inputs);

    /// <summary>The slot names of a vector column, as ML.NET carried them through the transforms.</summary>
    public static string[] Names(DataViewSchema.Column column)
    {
        var size = ((VectorDataViewType)column.Type).Size;
        if (!column.HasSlotNames())
        {
            throw new NotSupportedException($"The feature column '{column.Name}' has no slot names, so its slots cannot be traced back to the model's inputs.");
        }
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        column.GetSlotNames(ref names);
        var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
        return dense.Length == size ? dense : throw new NotSupportedException($"The feature column '{column.Name}' names {dense.Length} of its {size} slots.");
    }

    private static int[] InputsOfSlots(string[] dense, string columnName, IReadOnlyList<InputColumn> inputs)
    {
        var size = dense.Length;
        var result = new int[size];
        for (var slot = 0; slot < size; slot++)
        {
            result[slot] = InputOf(dense[slot], inputs)
                ?? throw new NotSupportedException($"Slot {slot} ('{dense[slot]}') of '{columnName}' names none of the model's inputs.");
        }
        return result;
    }

    /// <summary>The input a slot name refers to: the dot-separated part after the "keel.kind." prefix, or the name itself.</summary>
    private static int? InputOf(string slotName, IReadOnlyList<InputColumn> inputs)
    {
        var parts = slotName.Split('.');
        // Feature names cannot contain dots, so the input is the third part ("keel", kind, input, [category value...]).
        var candidate = parts.Length >= 3 && parts[0] == "keel" ? parts[2] : parts[0];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Name == candidate)
            {
                return i;
            }
        }
        return null;
    }
}
