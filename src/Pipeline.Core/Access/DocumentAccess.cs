using System.Text.Json;

namespace Pipeline.Core.Access;

/// <summary>
/// Who may read one document, as clauses that must all hold: a caller reads the document when, for every clause, it
/// holds at least one of that clause's principals. A Confluence page is the space's readers AND its own read
/// restriction AND each restricted ancestor's; a Jira issue is the project's Browse holders AND its security level's
/// members. A document with no clause, or with an empty clause, is readable by nobody (hidden).
/// </summary>
/// <remarks>Not part of the content hash: a change of access never re-embeds.</remarks>
public sealed class DocumentAccess : IEquatable<DocumentAccess>
{
    private DocumentAccess(IReadOnlyList<IReadOnlyList<string>> clauses) => Clauses = clauses;

    /// <summary>Sorted, each clause sorted and without repeats, so equal access compares and serialises equal.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Clauses { get; }

    /// <summary>Readable by nobody: a hidden document (access lost, waiting for its grace period).</summary>
    public static DocumentAccess Nobody { get; } = new([]);

    /// <summary>The explicit principal <c>everyone</c>: every caller of the service, with or without identity.</summary>
    public static DocumentAccess Everyone { get; } = AnyOf([Principal.Everyone]);

    public bool IsNobody => Clauses.Count == 0 || Clauses.Any(c => c.Count == 0);

    /// <summary>One clause: any of these principals may read.</summary>
    public static DocumentAccess AnyOf(IEnumerable<string> principals) => Nobody.And(principals);

    /// <summary>This access narrowed by one more clause.</summary>
    public DocumentAccess And(IEnumerable<string> principals)
    {
        var clause = principals.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new DocumentAccess(Clauses.Append(clause)
            .DistinctBy(c => string.Join('\n', c), StringComparer.Ordinal)
            .OrderBy(c => string.Join('\n', c), StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>Whether a caller holding <paramref name="principals"/> may read (the SQL filter is the same test).</summary>
    public bool Allows(IReadOnlySet<string> principals) => !IsNobody && Clauses.All(c => c.Any(principals.Contains));

    /// <summary>Every principal named in any clause.</summary>
    public IEnumerable<string> Principals => Clauses.SelectMany(c => c).Distinct(StringComparer.Ordinal);

    /// <summary>A JSON array of arrays of strings, as <c>pipeline.documents.access</c> stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(Clauses);

    public static DocumentAccess FromJson(string json)
    {
        var clauses = JsonSerializer.Deserialize<List<List<string>>>(json) ?? [];
        return clauses.Aggregate(Nobody, (access, clause) => access.And(clause));
    }

    public bool Equals(DocumentAccess? other) => other is not null && ToJson() == other.ToJson();

    public override bool Equals(object? obj) => Equals(obj as DocumentAccess);

    public override int GetHashCode() => ToJson().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => IsNobody ? "nobody" : string.Join(" AND ", Clauses.Select(c => "(" + string.Join(" OR ", c) + ")"));
}
