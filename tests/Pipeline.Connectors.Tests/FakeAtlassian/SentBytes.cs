using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// Counts the bytes a fake server hands to its connections' transports: what really went towards the client.
/// Kestrel turns response writes into no-ops once a connection is gone, so counting writes would count the void.
/// </summary>
public sealed class SentBytes
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Connection middleware: wraps each connection's output so what passes through it is counted.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => context =>
    {
        context.Transport = new CountedPipe(context.Transport, this);
        return next(context);
    };

    private sealed class CountedPipe(IDuplexPipe inner, SentBytes sent) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new CountedWriter(inner.Output, sent);
    }

    private sealed class CountedWriter(PipeWriter inner, SentBytes sent) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            Interlocked.Add(ref sent._count, bytes);
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
