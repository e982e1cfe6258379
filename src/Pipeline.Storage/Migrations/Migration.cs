using System.Globalization;

namespace Pipeline.Storage.Migrations;

/// <summary>One schema change; the version is the number its file name starts with (<c>0001_initial.sql</c>).</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public static Migration FromResource(string resourceName, string sql)
    {
        var file = Path.GetFileNameWithoutExtension(resourceName.Split('/')[^1]);
        var separator = file.IndexOf('_');
        if (separator <= 0 || !int.TryParse(file[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"migration file '{file}.sql' must be named NNNN_description.sql");
        }
        return new Migration(version, file[(separator + 1)..], sql);
    }
}
