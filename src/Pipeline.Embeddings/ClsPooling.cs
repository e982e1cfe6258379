namespace Pipeline.Embeddings;

/// <summary>
/// The [CLS] token's state, scaled to unit length: how Arctic embed was trained and how its package's own encoder
/// reads the model (token 0 of <c>last_hidden_state</c>, then L2 normalisation).
/// </summary>
internal static class ClsPooling
{
    /// <param name="hiddenStates">[batch, sequence, dimensions] row-major, as the model returns it.</param>
    public static float[] PoolAndNormalise(ReadOnlySpan<float> hiddenStates, int sequenceLength, int dimensions, int row)
    {
        var cls = hiddenStates.Slice(row * sequenceLength * dimensions, dimensions);
        var squares = 0.0;
        for (var d = 0; d < dimensions; d++)
        {
            squares += (double)cls[d] * cls[d];
        }
        // Same floor as MeanPooling (torch's normalize): an all-zero state stays zero instead of NaN.
        var norm = Math.Max(Math.Sqrt(squares), 1e-12);
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (float)(cls[d] / norm);
        }
        return vector;
    }
}
