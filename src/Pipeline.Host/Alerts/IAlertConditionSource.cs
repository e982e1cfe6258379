namespace Pipeline.Host.Alerts;

/// <summary>
/// One kind of alert (quality, dead letters, failing job, freshness, drift, canaries, mixed models).
/// Chosen by registration: the evaluator asks every registered source.
/// </summary>
public interface IAlertConditionSource
{
    /// <summary>The <see cref="AlertCondition.Kind"/> of everything this source returns: a stored condition of this
    /// kind that the source no longer returns has cleared.</summary>
    string Kind { get; }

    /// <returns>The conditions firing now; empty when all is well.</returns>
    Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
