using Hangfire;
using Hangfire.Common;
using Pipeline.Connectors.Atlassian;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// Hangfire's filters with one retry policy for every job that states none, from <see cref="PipelineSettings.JobRetryDelays"/>,
/// in place of Hangfire's default (10 attempts); an <c>[AutomaticRetry]</c> on a job class or method is honoured.
/// Given to the servers and clients of this host only, so two hosts in one process (tests) keep their own delays;
/// Hangfire's global filter list is left alone.
/// </summary>
public sealed class JobRetryFilterProvider(IJobFilterProvider inner, AutomaticRetryAttribute retry) : IJobFilterProvider
{
    /// <summary>Failures another attempt cannot fix: a broken job file, rejected credentials, deletions awaiting an operator.</summary>
    public static readonly Type[] PermanentFailures = [typeof(JobDefinitionException), typeof(SourceAuthenticationException), typeof(Ingestion.DeletionBlockedException)];

    public static JobRetryFilterProvider For(PipelineSettings settings)
    {
        var retry = new AutomaticRetryAttribute { Attempts = settings.JobRetryDelays.Count, ExceptOn = PermanentFailures };
        if (settings.JobRetryDelays.Count > 0)
        {
            retry.DelaysInSeconds = [.. settings.JobRetryDelays];
        }
        return new JobRetryFilterProvider(JobFilterProviders.Providers, retry);
    }

    public AutomaticRetryAttribute Retry => retry;

    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        // The inner providers have already kept one filter of each single-use type, the most specific one. Only a
        // global policy is ours to replace: a job that states its own (AlertJob: no retries, or it e-mails twice) keeps it.
        var hasRetry = false;
        foreach (var filter in inner.GetFilters(job))
        {
            if (filter.Instance is AutomaticRetryAttribute)
            {
                hasRetry = true;
                yield return filter.Scope == JobFilterScope.Global ? new JobFilter(retry, filter.Scope, filter.Order) : filter;
            }
            else
            {
                yield return filter;
            }
        }
        if (!hasRetry)
        {
            yield return new JobFilter(retry, JobFilterScope.Global, retry.Order);
        }
    }
}
