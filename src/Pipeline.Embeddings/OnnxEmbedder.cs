using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;

namespace Pipeline.Embeddings;

/// <summary>
/// A registered BERT-shaped model (<see cref="ModelRegistry"/>) on ONNX Runtime (CPU). Also the pipeline's token
/// counter, so chunk budgets are measured in exactly the tokens this model will read. Safe to share between threads;
/// one instance per process is enough.
/// </summary>
/// <remarks>
/// The models read at most 512 tokens (their position-embedding limit), and that is where we cut. The packages' own
/// <c>SentenceEncoder</c> (24.9.52193) also cut at 512, so vectors agree with them for any input they tokenise the
/// same way. Python sentence-transformers caps MiniLM at 256 instead (its training length); a chunker that
/// wants that behaviour should budget 254 body tokens rather than this class cutting earlier.
/// </remarks>
public class OnnxEmbedder : IEmbedder, ITokenCounter, IDisposable
{
    // MiniLM's export also returns "924", BERT's tanh pooler over [CLS]; sentence-transformers ignores it and pools
    // the token states as the registry entry says, which is what each model was trained for.
    private const string HiddenStatesOutput = "last_hidden_state";
    private static readonly string[] OutputNames = [HiddenStatesOutput];

    private readonly EmbeddingOptions _options;
    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly WordPieceEncoder _encoder;
    private volatile bool _disposed;

    /// <param name="dataDirectory">Where built variants (int8) are cached; required for those, ignored by packaged models.</param>
    public OnnxEmbedder(RegisteredModel model, EmbeddingOptions? options = null, string? dataDirectory = null)
        : this(model, PinnedOnnx(model, dataDirectory), model.Name, options)
    {
    }

    /// <summary>
    /// The registered model's tokenizer, pooling and query prefix over another graph with the same inputs and output,
    /// such as its int8 variant (<see cref="Quantization.Int8Quantizer"/>, whose bytes its cache checks);
    /// <paramref name="modelId"/> is what vectors record.
    /// </summary>
    public OnnxEmbedder(RegisteredModel model, byte[] onnx, string modelId, EmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _options = options ?? new EmbeddingOptions();
        _options.Validate();
        Registered = model;

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx));
        Model = new EmbeddingModelInfo(modelId, sha256, model.Dimensions, model.MaxTokens, model.QueryPrefix);

        using (var vocabulary = model.Bytes.OpenVocabulary())
        {
            _encoder = new WordPieceEncoder(vocabulary, model.MaxTokens);
        }

        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpThreads,
            // Operators of this graph form a single chain: a second inter-op pool would only add idle threads.
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Every batch has its own shape (inputs per batch x longest input); ONNX Runtime keeps a memory plan per
            // shape it has seen, so with patterns on the process grew with the number of shapes (probe: 755 -> 945 MB
            // over 300 random shapes, 669 -> 704 MB without). Long runs must stay flat.
            EnableMemoryPattern = false,
        };
        _sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", _options.AllowSpinning ? "1" : "0");
        try
        {
            _session = new InferenceSession(onnx, _sessionOptions);
            EnsureExpectedSignature(_session, model.Dimensions);
        }
        catch
        {
            _session?.Dispose();
            _sessionOptions.Dispose();
            throw;
        }
    }

    private static byte[] PinnedOnnx(RegisteredModel model, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(model);
        var onnx = model.Bytes.ReadOnnx(dataDirectory);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (!string.Equals(sha256, model.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Vectors are comparable only under one hash: a silently different graph would look like drift, not a bug.
            throw new InvalidOperationException(
                $"The ONNX bytes of model '{model.Id}' have SHA-256 {sha256}, but the registry pins {model.Sha256}; the package (or, for a built variant, its recipe) changed.");
        }
        return onnx;
    }

    public EmbeddingModelInfo Model { get; }

    /// <summary>The registry entry this embedder runs.</summary>
    public RegisteredModel Registered { get; }

    public int SpecialTokens => WordPieceEncoder.SpecialTokens;

    public int MaxModelTokens => Registered.MaxTokens;

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _encoder.CountTokens(text);
    }

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (texts.Count == 0)
        {
            return Task.FromResult(new EmbeddingResult([], 0, 0));
        }
        // A call blocks its thread for seconds. On a thread-pool thread that starves the small pool of a 2-core
        // machine, and with it the timers that cancel this very call (seen in tests: a 100 ms timeout fired after
        // 1.9 s). A dedicated thread costs microseconds next to one model run.
        return Task.Factory.StartNew(
            () => Embed(texts, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>
    /// Feeds <paramref name="batches"/> identical full batches (no padding, mask all ones) straight to the session
    /// and returns the time they took: the throughput ceiling of this model and thread count, against which
    /// tokenisation, padding and pooling overheads of <see cref="EmbedAsync"/> can be measured.
    /// </summary>
    public TimeSpan RunRawBatches(int batchSize, int sequenceLength, int batches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, EmbeddingOptions.Ceiling);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, WordPieceEncoder.SpecialTokens);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequenceLength, MaxModelTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Compute does not depend on which ids are fed; a real vocabulary entry (1000 is '"') just keeps the
        // activations in the trained range, where [unused] ids (1-998) would not be.
        const int BodyTokenId = 1000;
        var sequence = new int[sequenceLength];
        Array.Fill(sequence, BodyTokenId);
        sequence[0] = _encoder.ClassificationId;
        sequence[^1] = _encoder.SeparatorId;

        using var batch = ModelBatch.From(Enumerable.Repeat(sequence, batchSize).ToArray());
        using var runOptions = new RunOptions();
        using var running = EnterRun();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < batches; i++)
        {
            using var outputs = _session.Run(runOptions, ModelBatch.InputNames, batch.Values, OutputNames);
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Runs batches of exactly these shapes (rows of one body token id, no padding inside) and returns the time they
    /// took: the model's own cost of a run's batches, without the pipeline around it. Unlike
    /// <see cref="RunRawBatches"/> at the mean length, it charges long inputs what attention really costs them.
    /// </summary>
    public TimeSpan RunRawShapes(IReadOnlyList<BatchShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var total = TimeSpan.Zero;
        foreach (var shape in shapes)
        {
            total += RunRawBatches(shape.Inputs, Math.Max(shape.Length, WordPieceEncoder.SpecialTokens), 1);
        }
        return total;
    }

    /// <summary>
    /// Waits for calls still inside the model before releasing it: freeing a session under a running call crashes the
    /// process in native code (seen when a host shut down while a cancelled sync's last batch was still running).
    /// </summary>
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // A cancelled call stops within one operator (RunOptions.Terminate); a minute covers a stuck one too.
        SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0, TimeSpan.FromMinutes(1));
        _session.Dispose();
        _sessionOptions.Dispose();
    }

    private int _running;

    /// <summary>Counts a call inside the session, refused once disposal began.</summary>
    private RunScope EnterRun()
    {
        Interlocked.Increment(ref _running);
        if (_disposed)
        {
            Interlocked.Decrement(ref _running);
            throw new ObjectDisposedException(nameof(OnnxEmbedder));
        }
        return new RunScope(this);
    }

    private readonly struct RunScope(OnnxEmbedder owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._running);
    }

    private EmbeddingResult Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        using var running = EnterRun();
        var encoded = new EncodedInput[texts.Count];
        var truncated = 0;
        var tokens = 0L;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null; pass an empty string to embed nothing.", nameof(texts));
            encoded[i] = _encoder.Encode(text);
            truncated += encoded[i].Truncated ? 1 : 0;
            tokens += encoded[i].Ids.Length;
        }

        var vectors = new float[texts.Count][];
        var padding = 0L;
        var shapes = new List<BatchShape>();
        foreach (var members in LengthBatches.Plan(encoded, _options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sequences = members.Select(i => encoded[i].Ids).ToArray();
            var pooled = RunBatch(sequences, cancellationToken);
            var longest = sequences.Max(s => s.Length);
            padding += sequences.Sum(s => (long)(longest - s.Length));
            shapes.Add(new BatchShape(sequences.Length, longest));
            for (var k = 0; k < members.Length; k++)
            {
                vectors[members[k]] = pooled[k];
            }
        }
        return new EmbeddingResult(vectors, truncated, tokens)
        {
            InputTokens = encoded.Select(e => e.Ids.Length).ToArray(),
            InputTruncated = encoded.Select(e => e.Truncated).ToArray(),
            Padding = padding,
            Batches = shapes.Count,
            BatchShapes = shapes,
        };
    }

    private float[][] RunBatch(int[][] sequences, CancellationToken cancellationToken)
    {
        using var batch = ModelBatch.From(sequences);
        using var runOptions = new RunOptions();
        // A 32 x 512 batch takes seconds on a small machine: let cancellation stop it mid-run, not only between batches.
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, ModelBatch.InputNames, batch.Values, OutputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (outputs)
        {
            var hidden = outputs.First();
            var shape = hidden.GetTensorTypeAndShape().Shape;
            var dimensions = (int)shape[2];
            var states = hidden.GetTensorDataAsSpan<float>();
            var vectors = new float[sequences.Length][];
            for (var row = 0; row < sequences.Length; row++)
            {
                vectors[row] = Registered.Pooling == Pooling.Cls
                    ? ClsPooling.PoolAndNormalise(states, batch.SequenceLength, dimensions, row)
                    : MeanPooling.PoolAndNormalise(states, batch.SequenceLength, dimensions, row, sequences[row].Length);
            }
            return vectors;
        }
    }

    /// <summary>Fails at start-up, not on the first document, if a package update changed the export.</summary>
    private static void EnsureExpectedSignature(InferenceSession session, int expectedDimensions)
    {
        var missing = ModelBatch.InputNames.Where(n => !session.InputMetadata.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The packaged ONNX model lacks inputs {string.Join(", ", missing)}; it has {string.Join(", ", session.InputMetadata.Keys)}.");
        }
        if (!session.OutputMetadata.TryGetValue(HiddenStatesOutput, out var output)
            || output.Dimensions.Length != 3
            || output.Dimensions[2] != expectedDimensions)
        {
            throw new InvalidOperationException(
                $"The packaged ONNX model has no [batch, sequence, {expectedDimensions}] output '{HiddenStatesOutput}'; " +
                $"it has {string.Join(", ", session.OutputMetadata.Keys)}.");
        }
    }
}
