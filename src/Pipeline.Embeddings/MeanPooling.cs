namespace Pipeline.Embeddings;

/// <summary>
/// Sentence-transformers' pooling for this model: average the token states the attention mask lets through,
/// then scale to unit length so cosine similarity becomes a dot product in pgvector.
/// </summary>
internal static class MeanPooling
{
    /// <param name="hiddenStates">[batch, sequence, dimensions] row-major, as the model returns it.</param>
    /// <param name="row">Which input of the batch.</param>
    /// <param name="realTokens">Unpadded length of that input; padding sits after it.</param>
    public static float[] PoolAndNormalise(ReadOnlySpan<float> hiddenStates, int sequenceLength, int dimensions, int row, int realTokens)
    {
        // Double accumulation keeps 512-token sums as exact as the reference implementation's.
        var sum = new double[dimensions];
        var rowStart = row * sequenceLength * dimensions;
        for (var t = 0; t < realTokens; t++)
        {
            var token = hiddenStates.Slice(rowStart + t * dimensions, dimensions);
            for (var d = 0; d < dimensions; d++)
            {
                sum[d] += token[d];
            }
        }

        var squares = 0.0;
        for (var d = 0; d < dimensions; d++)
        {
            sum[d] /= realTokens;
            squares += sum[d] * sum[d];
        }

        // Same floor as torch.nn.functional.normalize, so an all-zero vector stays zero instead of NaN.
        var norm = Math.Max(Math.Sqrt(squares), 1e-12);
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (float)(sum[d] / norm);
        }
        return vector;
    }
}
