using Npgsql;
using Pgvector.Npgsql;

namespace Pipeline.Storage;

/// <summary>The one way to get a data source: every connection must know the vector type.</summary>
public static class PipelineDataSource
{
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }
}
