namespace Pipeline.Core.Stages;

/// <summary>
/// Once the chunk list is final (after the quality gate): each finding in the body learns the stored chunk it fell in,
/// found by the placeholder and the word before it (or, for a flagged value, the value itself). A value whose chunk was
/// dropped keeps no chunk.
/// </summary>
public sealed class LocateRedactionsStage : IPipelineStage
{
    public string Name => "locate-redactions";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        foreach (var finding in context.Redactions)
        {
            if (finding.Probe is { } probe)
            {
                finding.ChunkOrdinal = context.Chunks.FirstOrDefault(c => c.Text.Contains(probe, StringComparison.Ordinal))?.Ordinal;
            }
        }
        return Task.FromResult(StageOutcome.Continue);
    }
}
