namespace Pipeline.Storage.Access;

/// <summary>
/// The one SQL test of "may this caller read document d", used by both rankings (parameters <c>@principals</c>
/// text[] and <c>@admin</c> boolean). A document is readable when its access was captured, has at least one clause, and
/// every clause names one of the caller's principals (<c>?|</c>: any of the strings is an element of the clause array);
/// an empty clause names nobody, so a hidden document fails for every caller, an admin included.
/// </summary>
internal static class AccessFilterSql
{
    public const string Readable =
        """
        (d.access IS NOT NULL AND jsonb_array_length(d.access) > 0
         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.access) clause
                         WHERE jsonb_array_length(clause) = 0 OR NOT (@admin OR clause ?| @principals)))
        """;

    public static void Bind(Npgsql.NpgsqlCommand command, SearchCaller caller)
    {
        command.Parameters.Add(new Npgsql.NpgsqlParameter("principals", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = caller.PrincipalArray });
        command.Parameters.AddWithValue("admin", caller.Admin);
    }
}
