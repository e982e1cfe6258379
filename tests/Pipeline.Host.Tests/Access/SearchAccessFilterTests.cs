using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Access;
using Pipeline.Host.Search;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Retrieval;
using Pipeline.Storage.Access;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Access;

/// <summary>
/// On a real index (PDFs, the real model, PostgreSQL + pgvector): documents restricted to a group rank above every
/// allowed one for the question, yet a caller outside the group gets a full top 10 of allowed chunks in every mode,
/// a member gets the restricted ones, and a hidden document is served to nobody, an admin included.
/// </summary>
public sealed class SearchAccessFilterTests
{
    private const string Question = "How is the boiler feed water tested for hardness and oxygen?";

    [Fact]
    public async Task A_search_whose_top_ten_would_be_all_restricted_still_returns_ten_allowed_results()
    {
        using var folder = new TempFolder();
        // Twelve documents squarely on the question (to be restricted), twelve on other subjects (allowed).
        for (var i = 0; i < 12; i++)
        {
            TextPdf.Write(folder.File($"boiler-{i:00}.pdf"), $"Boiler water {i}",
                [$"Boiler feed water is tested for hardness and oxygen every day at station {i}; blow down the boiler when conductivity rises."]);
            TextPdf.Write(folder.File($"other-{i:00}.pdf"), $"Maintenance note {i}",
                [$"Lift ropes at site {i} are measured for stretch every six months and replaced when a strand breaks."]);
        }
        await using var harness = await PipelineHarness.CreateAsync("access_filter");
        await harness.IngestFolderAsync(folder.Path);
        var retriever = harness.Services.GetRequiredService<Retriever>();

        // Everyone reads an ad-hoc folder (its documented default) until the boiler documents are restricted.
        var before = await retriever.SearchAsync(Question, 10, SearchCaller.Anonymous, CancellationToken.None, RetrievalMode.Dense);
        Assert.Equal(10, before.Count);
        Assert.All(before, h => Assert.StartsWith("boiler-", h.Document));

        var restricted = DocumentAccess.AnyOf(["group:boiler-room"]);
        await using (var command = harness.DataSource.CreateCommand("UPDATE pipeline.documents SET access = @access::jsonb WHERE external_id LIKE 'boiler-%'"))
        {
            command.Parameters.AddWithValue("access", restricted.ToJson());
            Assert.Equal(12, await command.ExecuteNonQueryAsync());
        }

        foreach (var mode in new[] { RetrievalMode.Dense, RetrievalMode.Lexical, RetrievalMode.Hybrid })
        {
            var outsider = await retriever.SearchAsync(Question, 10, SearchCaller.WithPrincipals(["group:lifts"]), CancellationToken.None, mode);
            if (mode != RetrievalMode.Lexical)
            {
                // Lexical ranks only chunks sharing a term with the question; dense and hybrid must fill the top 10.
                Assert.Equal(10, outsider.Count);
            }
            Assert.All(outsider, h => Assert.StartsWith("other-", h.Document));

            var member = await retriever.SearchAsync(Question, 10, SearchCaller.WithPrincipals(["group:boiler-room"]), CancellationToken.None, mode);
            Assert.Equal(10, member.Count);
            Assert.All(member, h => Assert.StartsWith("boiler-", h.Document));
        }

        // Hidden (access lost): nobody, not even an admin, is served it.
        await using (var hide = harness.DataSource.CreateCommand("UPDATE pipeline.documents SET access = '[]', access_lost_at = now() WHERE external_id = 'boiler-00.pdf'"))
        {
            await hide.ExecuteNonQueryAsync();
        }
        var admin = await retriever.SearchAsync(Question, 30, SearchCaller.Administrator, CancellationToken.None, RetrievalMode.Hybrid);
        Assert.Contains(admin, h => h.Document == "boiler-01.pdf");
        Assert.DoesNotContain(admin, h => h.Document == "boiler-00.pdf");
    }

    [Fact]
    public async Task An_identity_resolves_through_synced_memberships_and_account_emails()
    {
        await using var harness = await PipelineHarness.CreateAsync("access_identity");
        var store = harness.Services.GetRequiredService<PrincipalStore>();
        await store.ReplaceAsync("confluence:eng", new PrincipalDirectory(
            [("group:g-hr", "user:acc-alice"), ("group:g-staff", "user:acc-alice"), ("group:g-staff", "user:acc-bob")],
            [("user:acc-alice", "Alice@Example.com"), ("user:acc-bob", "bob@example.com")]), CancellationToken.None);
        var resolver = harness.Services.GetRequiredService<CallerResolver>();

        var alice = await resolver.ResolveAsync("alice@example.COM", null, CancellationToken.None);
        Assert.Equal(["all-users", "everyone", "group:g-hr", "group:g-staff", "public", "user:acc-alice", "user:alice@example.com"], alice.Principals);
        var stranger = await resolver.ResolveAsync("carol@example.com", null, CancellationToken.None);
        Assert.Equal(["everyone", "public", "user:carol@example.com"], stranger.Principals);
        Assert.Equal(["everyone", "public"], (await resolver.ResolveAsync(null, null, CancellationToken.None)).Principals.Order());
        await Assert.ThrowsAsync<ArgumentException>(() => resolver.ResolveAsync(null, ["admins"], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => resolver.ResolveAsync("not-an-address", null, CancellationToken.None));

        // Only a hash of each address is stored.
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.principal_accounts WHERE email_hash LIKE '%@%'"));
    }
}
