using Npgsql;

namespace Pipeline.Storage.Runs;

/// <summary>Records when each job of jobs/ was first loaded by the service (<c>pipeline.jobs_registered</c>).</summary>
public sealed class JobRegistrations(NpgsqlDataSource dataSource)
{
    /// <summary>Adds the jobs not seen before; a job already registered keeps its first time.</summary>
    public async Task RegisterAsync(IEnumerable<string> jobs, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO pipeline.jobs_registered (job_name) SELECT unnest(@jobs) ON CONFLICT (job_name) DO NOTHING");
        command.Parameters.AddWithValue("jobs", jobs.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
