namespace Pipeline.Embeddings.Quantization;

/// <summary>
/// The <c>.sha256</c> file next to a cached int8 model, one "key value" per line so an operator can read it and
/// compare with <c>sha256sum</c>: the model file's hash, the fp32 source's hash and the recipe version.
/// </summary>
internal sealed record Int8Record(string Sha256, string SourceSha256, int Recipe)
{
    public async Task WriteAsync(string path, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(path, $"sha256 {Sha256}\nsource-sha256 {SourceSha256}\nrecipe {Recipe}\n", cancellationToken);

    /// <summary>Null when missing or unreadable: the caller rebuilds either way.</summary>
    public static async Task<Int8Record?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var fields = (await File.ReadAllLinesAsync(path, cancellationToken))
            .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2)
            .DistinctBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return fields.TryGetValue("sha256", out var sha256)
            && fields.TryGetValue("source-sha256", out var source)
            && fields.TryGetValue("recipe", out var recipeText)
            && int.TryParse(recipeText, out var recipe)
                ? new Int8Record(sha256, source, recipe)
                : null;
    }
}
