using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// The Hangfire storage of a pipeline database, as the service and the CLI (which enqueues background work such as
/// <c>models build</c> for the service to run) both open it.
/// </summary>
public static class PipelineHangfireStorage
{
    public static PostgreSqlStorage Create(PipelineSettings settings, string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // A worker that dies mid-job gives it back after this long, so a killed process does not strand a sync.
            // Sliding: a running job keeps renewing its claim, so a sync longer than the timeout is not started twice.
            InvisibilityTimeout = TimeSpan.FromSeconds(settings.JobInvisibilitySeconds),
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
