namespace Pipeline.Embeddings;

/// <summary>
/// Groups inputs of similar token length so a batch padded to its own longest input wastes little compute:
/// attention cost grows with the padded length, so one long chunk among short ones would slow the whole batch.
/// </summary>
internal static class LengthBatches
{
    /// <returns>Batches of indices into <paramref name="inputs"/>; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Plan(IReadOnlyList<EncodedInput> inputs, int batchSize)
    {
        // OrderBy is stable, so equal lengths keep input order and the same input always gets the same batch mates.
        var byLength = Enumerable.Range(0, inputs.Count).OrderBy(i => inputs[i].Ids.Length).ToArray();
        return byLength.Chunk(batchSize).ToList();
    }
}
