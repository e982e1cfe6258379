namespace Pipeline.Storage.Embedded;

/// <summary>Locates server programs, failing with the setup hint rather than a bare "file not found".</summary>
internal sealed class PgBinaries(string binDirectory)
{
    public string Initdb => Require("initdb");

    public string PgCtl => Require("pg_ctl");

    private string Require(string program)
    {
        var path = Path.Combine(binDirectory, program);
        return File.Exists(path)
            ? path
            : throw new EmbeddedPostgresException($"PostgreSQL server program {path} not found; run ./pipeline setup (or set BinDirectory)");
    }
}
