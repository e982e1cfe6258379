using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>
/// On a small real index (PDFs ingested with the real model), a question naming an exact code of a table: the vector
/// ranking prefers a passage about such tables in general, BM25 finds the table by its code, and the fusion with the
/// shipped weights keeps the table first.
/// </summary>
public sealed class HybridRankingTests
{
    [Fact]
    public async Task Hybrid_ranks_the_chunk_with_an_exact_table_code_first_where_dense_does_not()
    {
        using var folder = new TempFolder();
        // Screens laid out alike: only the code tells them apart, as with the IRS manual's exhibits.
        foreach (var (code, number) in Screens)
        {
            TextPdf.Write(folder.File(code.ToLowerInvariant() + "-screen.pdf"), $"Research screen {number}",
                ["Fields of the screen by line and position."],
                [["Field", "Line", "Position"], ["Taxpayer name", "1", $"{number}-36"], ["Period ending", "3", $"{number + 10}-19"], ["Command code", "1", code]]);
        }
        TextPdf.Write(folder.File("reading-screens.pdf"), "Reading a research screen",
            ["On every research screen the period ending sits at a fixed line and position, which the screen's exhibit gives; enter it as year and month."]);
        // Documents on other subjects, so that term statistics are those of a corpus rather than of three passages.
        foreach (var (name, text) in Others)
        {
            TextPdf.Write(folder.File(name + ".pdf"), name, [text]);
        }
        await using var harness = await PipelineHarness.CreateAsync("hybrid_code");
        await harness.IngestFolderAsync(folder.Path);
        var retriever = harness.Services.GetRequiredService<Retriever>();

        var ranks = new List<string>();
        foreach (var (code, _) in Screens)
        {
            var question = $"On the {code} screen, which line and position hold the period ending?";
            ranks.Add($"{code}: dense {await RankAsync(retriever, question, code, RetrievalMode.Dense)}, "
                + $"lexical {await RankAsync(retriever, question, code, RetrievalMode.Lexical)}, hybrid {await RankAsync(retriever, question, code, RetrievalMode.Hybrid)}");
        }

        // The passage about screens in general is nearer in meaning than any one screen's table; only its code finds the table.
        Assert.Equal(Screens.Select(s => $"{s.Code}: dense 2, lexical 1, hybrid 1"), ranks);
    }

    private static async Task<int> RankAsync(Retriever retriever, string question, string code, RetrievalMode mode)
    {
        var hits = await retriever.SearchAsync(question, 10, Pipeline.Storage.Access.SearchCaller.Anonymous, CancellationToken.None, mode);
        return hits.ToList().FindIndex(h => h.Document == code.ToLowerInvariant() + "-screen.pdf") + 1;
    }

    private static readonly (string Code, int Number)[] Screens = [("BMFOL", 2), ("TXMOD", 3), ("RTVUE", 4), ("IMFOL", 5)];

    private static readonly (string Name, string Text)[] Others =
    [
        ("pumps", "Inspect the impeller and the shaft seal of each pump every quarter, and replace worn bearings before the next season."),
        ("boilers", "Boiler feed water is tested daily for hardness and oxygen; blow down the boiler when conductivity rises above the limit."),
        ("lifts", "Lift ropes are measured for stretch every six months and replaced when a strand breaks or the diameter falls."),
        ("cooling", "The cooling loop is flushed before winter and refilled with inhibited glycol at the concentration the plant requires."),
        ("substation", "Breakers in the substation are racked out, tested and lubricated during the annual outage, with a permit for each bay."),
        ("cold-store", "Cold store doors carry heater strips so that ice does not form on the seals, and the alarm sounds after ten minutes open."),
        ("fire", "Sprinkler valves are exercised monthly, and the fire pump runs weekly under load for thirty minutes."),
        ("rail", "Depot tracks are inspected on foot after heavy rain, and points are cleaned and greased before the frost season."),
    ];
}
