using System.Globalization;
using System.Text;
using Pipeline.Core.Evaluation;

namespace Pipeline.Host.Evaluation;

/// <summary>
/// The report as the reference scorer prints its last line: Python's <c>json.dumps(summary, ensure_ascii=False)</c>, same
/// keys in the same order, ", " and ": " separators, floats as Python's repr, so the two lines compare as strings.
/// </summary>
public static class ScorerJson
{
    public static string Write(RetrievalReport report)
    {
        var json = new StringBuilder();
        json.Append($"{{\"k\": {report.K}, \"n\": {report.Questions.Count}, \"overall\": ");
        Figures(json, report.Overall, report.K);
        json.Append(", \"per_file\": {");
        for (var i = 0; i < report.PerFile.Count; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append(Quote(report.PerFile[i].Key)).Append(": ");
            Figures(json, report.PerFile[i].Value, report.K);
        }
        // Every question is asked, so none is missing from the results.
        json.Append($"}}, \"missing_ids\": [], \"match\": {{\"strict\": {report.StrictMatches}, \"tolerant_only\": {report.TolerantOnlyMatches}}}}}");
        return json.ToString();
    }

    private static void Figures(StringBuilder json, RetrievalFigures f, int k) =>
        json.Append($"{{\"n\": {f.N}, \"recall@1\": {Float(f.RecallAt1)}, \"recall@5\": {Float(f.RecallAt5)}, \"mrr@{k}\": {Float(f.Mrr)}, ")
            .Append($"\"hits@{k}\": {Float(f.Hits)}, \"answerable\": {Float(f.Answerable)}}}");

    /// <summary>Python's float repr: the shortest round-trip digits, always with a decimal point (1.0, not 1).</summary>
    public static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>A JSON string as Python writes it with ensure_ascii=False: only quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string s)
    {
        var builder = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
