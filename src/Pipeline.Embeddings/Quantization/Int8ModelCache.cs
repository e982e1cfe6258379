using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Pipeline.Embeddings.Quantization;

/// <summary>The int8 ONNX of a model, as loaded from (or just written to) the cache.</summary>
public sealed record Int8Model(string Path, byte[] Onnx, string Sha256, bool Built);

/// <summary>
/// Keeps the int8 variant of each packaged model under <c>PIPELINE_DATA_DIR/models/&lt;model&gt;-int8.onnx</c>,
/// built at first use. Next to it, <c>&lt;model&gt;-int8.onnx.sha256</c> records the file's hash, the fp32 source's
/// hash and the recipe version; a file that no longer matches its hash (truncated, edited, half-written) or that was
/// built from another source or recipe is rebuilt rather than loaded.
/// </summary>
public sealed partial class Int8ModelCache(string modelsDirectory, ILogger<Int8ModelCache>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string ModelsDirectory { get; } = Path.GetFullPath(modelsDirectory);

    /// <summary>The cache inside a data folder, i.e. <c>&lt;dataDirectory&gt;/models</c>.</summary>
    public static Int8ModelCache InDataDirectory(string dataDirectory, ILogger<Int8ModelCache>? logger = null) =>
        new(Path.Combine(dataDirectory, "models"), logger);

    public string PathFor(string modelName) => Path.Combine(ModelsDirectory, $"{ValidName(modelName)}-int8.onnx");

    public async Task<Int8Model> GetOrBuildAsync(string modelName, byte[] sourceOnnx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceOnnx);
        var path = PathFor(modelName);
        var expected = new Int8Record(Sha256: "", SourceSha256: Hash(sourceOnnx), Int8Quantizer.RecipeVersion);

        if (File.Exists(path) && await Int8Record.ReadAsync(RecordPath(path), cancellationToken) is { } record)
        {
            var cached = await File.ReadAllBytesAsync(path, cancellationToken);
            var actual = Hash(cached);
            if (record with { Sha256 = "" } == expected && actual == record.Sha256)
            {
                return new Int8Model(path, cached, actual, Built: false);
            }
            LogStale(_logger, path, actual, record.Sha256, record.SourceSha256, expected.SourceSha256, record.Recipe, expected.Recipe);
        }

        var started = TimeProvider.System.GetTimestamp();
        var onnx = await Int8Quantizer.BuildAsync(sourceOnnx, cancellationToken);
        var sha256 = Hash(onnx);
        Directory.CreateDirectory(ModelsDirectory);
        // Write to a temporary name and rename, so a killed build never leaves a file that looks complete.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllBytesAsync(temporary, onnx, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        await (expected with { Sha256 = sha256 }).WriteAsync(RecordPath(path), cancellationToken);
        LogBuilt(_logger, modelName, path, sha256, onnx.Length, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        return new Int8Model(path, onnx, sha256, Built: true);
    }

    public static string RecordPath(string modelPath) => modelPath + ".sha256";

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string ValidName(string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        if (modelName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || modelName.Contains(".."))
        {
            throw new ArgumentException($"Model name '{modelName}' cannot be used as a file name.", nameof(modelName));
        }
        return modelName;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding int8 model {Path}: file hash {ActualSha256} (recorded {RecordedSha256}), source {RecordedSource} (now {CurrentSource}), recipe {RecordedRecipe} (now {CurrentRecipe})")]
    private static partial void LogStale(ILogger logger, string path, string actualSha256, string recordedSha256, string recordedSource, string currentSource, int recordedRecipe, int currentRecipe);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built int8 model {Model} at {Path}: sha256 {Sha256}, {Bytes} bytes in {Seconds:0.0}s")]
    private static partial void LogBuilt(ILogger logger, string model, string path, string sha256, int bytes, double seconds);
}
