using Npgsql;

namespace Pipeline.Host.Dashboard;

/// <summary>One rule's findings in the window, and how many documents they touched.</summary>
public sealed record QualityRuleCount(string Rule, string Severity, long Findings, long Documents);

/// <summary>A document the quality gates or extraction kept out of the index, with its reason.</summary>
public sealed record QuarantinedDocument(string Source, string ExternalId, string Reason, string Message, DateTimeOffset Since);

/// <summary>Reads the Quality page: rule counts over a recent window, and the quarantine.</summary>
public sealed class QualityQuery(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<QualityRuleCount>> RuleCountsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT rule, severity, count(*), count(DISTINCT (source, external_id))
            FROM pipeline.quality_findings WHERE created_at > now() - @window
            GROUP BY rule, severity ORDER BY count(*) DESC, rule, severity
            """);
        command.Parameters.AddWithValue("window", Window);
        var rows = new List<QualityRuleCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new QualityRuleCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<QuarantinedDocument>> QuarantinedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT source, external_id, coalesce(failure_reason, ''), coalesce(failure_message, ''), updated_at
            FROM pipeline.documents WHERE status = 'failed' ORDER BY updated_at DESC, source, external_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<QuarantinedDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new QuarantinedDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return rows;
    }
}
