namespace Pipeline.Core.Embedding;

/// <param name="Index">The input's position in the batch.</param>
public sealed record InputFailure(int Index, Exception Exception)
{
    /// <summary>Bounded, so one pathological message cannot bloat the dead-letter table.</summary>
    public string Error
    {
        get
        {
            var text = $"{Exception.GetType().Name}: {Exception.Message}";
            return text.Length <= 2000 ? text : text[..2000] + "…";
        }
    }
}
