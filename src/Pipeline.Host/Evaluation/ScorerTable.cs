using System.Globalization;
using Pipeline.Core.Evaluation;

namespace Pipeline.Host.Evaluation;

/// <summary>The text report, laid out as the reference scorer prints it: one row per question, then the summary lines.</summary>
public static class ScorerTable
{
    public static void Write(TextWriter output, RetrievalReport report)
    {
        output.WriteLine($"{"id",-8} {"file",-40} {"rank",4} {"match",-8} question");
        foreach (var o in report.Questions)
        {
            var q = o.Question;
            var flag = o.Answerable ? "" : "  [answer in no stored chunk]";
            output.WriteLine($"{q.Id,-8} {Cut(q.File, 40),-40} {(o.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-"),4} {Match(o.Match),-8} {Cut(q.Question, 70)}{flag}");
        }
        output.WriteLine();
        var all = report.Overall;
        var k = report.K;
        output.WriteLine($"overall  n={all.N}  R@1={F(all.RecallAt1)}  R@5={F(all.RecallAt5)}  MRR@{k}={F(all.Mrr)}  hits@{k}={F(all.Hits)}  answerable={F(all.Answerable)}");
        foreach (var (file, f) in report.PerFile)
        {
            output.WriteLine($"  {file,-42} n={f.N,2}  R@1={F(f.RecallAt1)}  R@5={F(f.RecallAt5)}  MRR@{k}={F(f.Mrr)}  answerable={F(f.Answerable)}");
        }
    }

    private static string Match(AnswerMatchKind? match) => match switch
    {
        AnswerMatchKind.Strict => "strict",
        AnswerMatchKind.Tolerant => "tolerant",
        _ => "",
    };

    private static string Cut(string s, int length) => s.Length <= length ? s : s[..length];

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
