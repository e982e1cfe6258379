using Polly;
using Polly.Retry;

namespace Pipeline.Core.Embedding;

/// <summary>Retries a model call with jittered exponential back-off; cancellation is never retried.</summary>
public static class EmbeddingRetryPipeline
{
    public static ResiliencePipeline Build(EmbeddingRetryOptions options)
    {
        if (options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Any failure may be transient from here (a model run out of memory, a poisoned input): only after
                // the retries does bisection tell the input's fault from the model's.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
            })
            .Build();
    }
}
