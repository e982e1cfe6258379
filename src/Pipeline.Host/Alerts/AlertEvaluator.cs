using Microsoft.Extensions.Logging;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Asks every condition source what fires, compares with what operators were last told, and sends the e-mails
/// <see cref="AlertPolicy"/> calls for. Nothing here throws for a broken source or SMTP server: it is logged and the
/// next evaluation tries again.
/// </summary>
public sealed partial class AlertEvaluator(
    IEnumerable<IAlertConditionSource> sources,
    AlertStateStore states,
    AlertMailer mailer,
    AlertMessageBuilder messages,
    AlertOptions options,
    TimeProvider time,
    ILogger<AlertEvaluator> logger)
{
    public async Task<AlertEvaluation> EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stored = await states.ListAsync(cancellationToken);
        var notices = new List<AlertNotice>();
        var firingCount = 0;
        var sourcesFailed = 0;
        foreach (var source in sources)
        {
            IReadOnlyList<AlertCondition> firing;
            try
            {
                firing = await source.FiringAsync(now, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unknown is not healthy: no recovery e-mails for this kind until the source answers again.
                LogSourceFailed(logger, e, source.Kind);
                sourcesFailed++;
                continue;
            }
            firingCount += firing.Count;
            var firingKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var condition in firing)
            {
                firingKeys.Add(condition.Key);
                var state = stored.GetValueOrDefault(condition.Key);
                var since = state?.FiringSince ?? now;
                switch (AlertPolicy.Decide(state, firing: true, now, options.Cooldown))
                {
                    case { } notice:
                        notices.Add(AlertNotice.For(notice, condition, since, now));
                        break;
                    case null when state is { NotifiedFiring: false, FiringSince: null }:
                        LogFlapHeld(logger, condition.Key, state.LastNotifiedAt + options.Cooldown);
                        await states.SetFiringSinceAsync(condition.Key, now, cancellationToken);
                        break;
                }
            }
            foreach (var state in stored.Values.Where(s => s.Kind == source.Kind && !firingKeys.Contains(s.Key)))
            {
                if (AlertPolicy.Decide(state, firing: false, now, options.Cooldown) is AlertNoticeKind.Resolved)
                {
                    notices.Add(AlertNotice.Resolved(state, now));
                }
                else if (state.FiringSince is not null)
                {
                    // Fired again after its recovery e-mail, and cleared before the cool-down let us say so: nothing to tell.
                    await states.SetFiringSinceAsync(state.Key, null, cancellationToken);
                }
            }
        }

        var sent = 0;
        foreach (var notice in notices)
        {
            try
            {
                await mailer.SendAsync(messages.Build(notice), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogSendFailed(logger, e, notice.Notice, notice.Key);
                continue;
            }
            await states.RecordSentAsync(notice, cancellationToken);
            LogSent(logger, notice.Notice, notice.Key, notice.Title);
            sent++;
        }
        var result = new AlertEvaluation(firingCount, sent, notices.Count - sent, sourcesFailed);
        LogEvaluated(logger, result.Firing, result.Sent, result.Failed);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert source {Kind} failed; its alerts keep their state until it answers again")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert e-mail {Notice} for {Key} not sent; trying again at the next evaluation")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, AlertNoticeKind notice, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert e-mail {Notice} for {Key} sent: {Title}")]
    private static partial void LogSent(ILogger logger, AlertNoticeKind notice, string key, string title);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Key} fires again soon after its recovery e-mail (flapping); it is announced at {NotBefore} if it still fires")]
    private static partial void LogFlapHeld(ILogger logger, string key, DateTimeOffset notBefore);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alerts evaluated: {Firing} firing, {Sent} e-mails sent, {Failed} not sent")]
    private static partial void LogEvaluated(ILogger logger, int firing, int sent, int failed);
}
