namespace Pipeline.Embeddings;

/// <summary>
/// Groups inputs of similar token length so a batch padded to its own longest input wastes little compute:
/// attention cost grows with the padded length, so one long chunk among short ones would slow the whole batch.
/// </summary>
/// <remarks>
/// A batch closes when it is full or when the next input would bring its padding above <see cref="MaxPaddingShare"/>
/// of its real tokens. On a CPU a smaller batch costs little per token (the products inside are already large at a
/// few hundred tokens a row), while padding is compute spent on nothing; so the few short inputs of a call (titles,
/// a last sentence) run in small batches of their own rather than padded up to the long ones.
/// </remarks>
internal static class LengthBatches
{
    /// <summary>Padding a batch may carry, as a share of its real tokens.</summary>
    public const double MaxPaddingShare = 0.05;

    /// <returns>Batches of indices into <paramref name="inputs"/>; every index appears exactly once.</returns>
    public static IReadOnlyList<int[]> Plan(IReadOnlyList<EncodedInput> inputs, int batchSize)
    {
        // OrderBy is stable, so equal lengths keep input order and the same input always gets the same batch mates.
        var byLength = Enumerable.Range(0, inputs.Count).OrderBy(i => inputs[i].Ids.Length).ToArray();
        var batches = new List<int[]>();
        var current = new List<int>();
        var real = 0L;
        foreach (var index in byLength)
        {
            var length = inputs[index].Ids.Length;
            // Ascending order: the newcomer is the batch's longest, so every row would be padded to it.
            var padding = (long)(current.Count + 1) * length - (real + length);
            if (current.Count > 0 && (current.Count == batchSize || padding > MaxPaddingShare * (real + length)))
            {
                batches.Add([.. current]);
                current.Clear();
                real = 0;
            }
            current.Add(index);
            real += length;
        }
        if (current.Count > 0)
        {
            batches.Add([.. current]);
        }
        return batches;
    }
}
