using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Host.Alerts;

/// <summary><c>pipeline.alert_state</c>: one row per condition key once an e-mail about it went out.</summary>
public sealed class AlertStateStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyDictionary<string, AlertState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT key, kind, job_name, title, runbook, dashboard_page, notified_state, last_notified_at, firing_since, notifications
            FROM pipeline.alert_state
            """);
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = new AlertState(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9));
        }
        return states;
    }

    /// <summary>Called only after the e-mail went out: a failed send leaves the state as it was, so the next evaluation retries.</summary>
    public async Task RecordSentAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.alert_state (key, kind, job_name, title, runbook, dashboard_page, notified_state, last_notified_at, firing_since)
            VALUES (@key, @kind, @job, @title, @runbook, @page, @state, @at, @since)
            ON CONFLICT (key) DO UPDATE SET
                kind = excluded.kind, job_name = excluded.job_name, title = excluded.title, runbook = excluded.runbook,
                dashboard_page = excluded.dashboard_page, notified_state = excluded.notified_state,
                last_notified_at = excluded.last_notified_at, firing_since = excluded.firing_since,
                notifications = pipeline.alert_state.notifications + 1, updated_at = now()
            """);
        command.Parameters.AddWithValue("key", notice.Key);
        command.Parameters.AddWithValue("kind", notice.Kind);
        command.Parameters.AddWithValue("job", notice.Job);
        command.Parameters.AddWithValue("title", notice.Title);
        command.Parameters.AddWithValue("runbook", notice.Runbook);
        command.Parameters.AddWithValue("page", notice.DashboardPage);
        command.Parameters.AddWithValue("state", notice.Notice == AlertNoticeKind.Resolved ? "resolved" : "firing");
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = notice.At });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz)
        {
            Value = notice.Notice == AlertNoticeKind.Resolved || notice.FiringSince is null ? DBNull.Value : notice.FiringSince.Value,
        });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Notes, without an e-mail, that a condition fires (since) or is clear (null) again.</summary>
    public async Task SetFiringSinceAsync(string key, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pipeline.alert_state SET firing_since = @since, updated_at = now() WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = since is { } s ? s : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
