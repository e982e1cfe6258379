using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Embeddings;

/// <summary>
/// The three int64 [batch, sequence] tensors a BERT ONNX export takes, right-padded to the batch's longest input.
/// </summary>
internal sealed class ModelBatch : IDisposable
{
    public static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly OrtValue[] _values;

    private ModelBatch(int size, int sequenceLength, long[] ids, long[] mask, long[] typeIds)
    {
        Size = size;
        SequenceLength = sequenceLength;
        long[] shape = [size, sequenceLength];
        _values =
        [
            OrtValue.CreateTensorValueFromMemory(ids, shape),
            OrtValue.CreateTensorValueFromMemory(mask, shape),
            OrtValue.CreateTensorValueFromMemory(typeIds, shape),
        ];
    }

    public int Size { get; }

    public int SequenceLength { get; }

    public IReadOnlyCollection<OrtValue> Values => _values;

    public static ModelBatch From(IReadOnlyList<int[]> sequences)
    {
        var length = sequences.Max(s => s.Length);
        var ids = new long[sequences.Count * length];
        var mask = new long[ids.Length];
        for (var row = 0; row < sequences.Count; row++)
        {
            var offset = row * length;
            var sequence = sequences[row];
            for (var t = 0; t < sequence.Length; t++)
            {
                ids[offset + t] = sequence[t];
                mask[offset + t] = 1;
            }
        }
        // Single-segment input: every token belongs to segment 0.
        return new ModelBatch(sequences.Count, length, ids, mask, new long[ids.Length]);
    }

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
