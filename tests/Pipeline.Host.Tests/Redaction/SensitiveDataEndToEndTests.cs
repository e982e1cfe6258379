using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Connectors.Tests.FakeAtlassian;
using Pipeline.Core.Runs;
using Pipeline.Host.Alerts;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Alerts;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Retrieval;
using Pipeline.Storage.Redaction;

namespace Pipeline.Host.Tests.Redaction;

/// <summary>
/// Every kind of sensitive value planted in a PDF, a Jira issue (description and comment) and a Confluence page,
/// ingested through the real pipeline (Kestrel fakes, the real model, PostgreSQL): afterwards no table, no export, no
/// log line and no alert e-mail holds any of them, while the findings, counts and the secret alert say what was found.
/// </summary>
public sealed class SensitiveDataEndToEndTests
{
    private const string Redaction = """ "redaction": { "detectors": { "phone": "mask", "ip-address": "mask" } } """;

    [Fact]
    public async Task Planted_values_are_nowhere_in_the_database_the_export_the_logs_or_the_alert_mail_and_are_counted_per_detector()
    {
        using var folder = new TempFolder();
        TextPdf.Write(folder.File("refund-ticket.pdf"), $"Refund for {PlantedValues.Email}", PlantedValues.Sentences);
        await using var jira = await FakeJira.StartAsync();
        jira.SeedFromFixtures(1);
        var issue = jira.Issue("FIX-1");
        issue.Summary = $"Refund request from {PlantedValues.Email}";
        issue.Description = Document(PlantedValues.Sentences);
        issue.Comments.Clear();
        var comment = Pipeline.Connectors.Tests.FakeAtlassian.AtlassianFixtures.Comments()[0]!.DeepClone().AsObject();
        comment["body"] = Document(PlantedValues.Sentences, PlantedValues.PrivateKey);
        issue.Comments.Add(comment);
        jira.GrantBrowse("FIX", FakeJiraHolder.Group("engineering", "5f1c7a52-2b0e-4d5e-9a3c-0c8e1d2f4a10"));
        await using var confluence = await FakeConfluence.StartAsync();
        var page = confluence.SeedFromFixtures();
        confluence.SetSpaceReaders("ENG", "group:g-staff");
        confluence.Edit(page.Id, "<h1>Refunds</h1>" + string.Concat(PlantedValues.Sentences.Select(s => $"<p>{System.Net.WebUtility.HtmlEncode(s)}</p>"))
            + $"<pre>{PlantedValues.PrivateKey}</pre>");

        var logs = new CollectingLoggerProvider();
        await using var harness = await PipelineHarness.CreateAsync("redaction_e2e", jobs =>
        {
            File.WriteAllText(jobs.File("files.json"), $$"""
                { "name": "files", "schedule": "0 * * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" }, {{Redaction}} }
                """);
            File.WriteAllText(jobs.File("tickets.json"), $$"""
                { "name": "tickets", "schedule": "0 * * * *", "source": { "kind": "jira", "site": "{{jira.BaseUrl}}", "projects": ["FIX"] }, {{Redaction}} }
                """);
            File.WriteAllText(jobs.File("wiki.json"), $$"""
                { "name": "wiki", "schedule": "0 * * * *", "source": { "kind": "confluence", "site": "{{confluence.BaseUrl}}", "spaces": ["ENG"] }, {{Redaction}} }
                """);
        }, services => services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();
        var measured = new ConcurrentQueue<(string Detector, string Action)>();
        using var listener = RedactionMeasurements(measured);

        var summaries = new List<RunSummary>();
        foreach (var job in new[] { "files", "tickets", "wiki" })
        {
            var summary = await ingestion.RunAsync(job, "test", null, CancellationToken.None);
            Assert.True(summary.Documents.Failed == 0, $"{job}: {string.Join("; ", summary.Failures.Select(f => f.Reason + " " + f.Message))}");
            summaries.Add(summary);
        }

        // Every detector found its value in every source (the key block is planted in the Atlassian ones); in Jira, in
        // the description and in the comment alike.
        foreach (var (detector, _) in PlantedValues.All)
        {
            foreach (var summary in summaries.Where(s => detector != "private-key" || s.Job != "files"))
            {
                Assert.True(summary.Redaction.Detectors.GetValueOrDefault(detector) >= 1, $"{summary.Job}: {detector} not found: {Describe(summary)}");
            }
        }
        Assert.All(summaries, s => Assert.True(s.Redaction.Secrets >= 6, Describe(s)));
        Assert.True(summaries[1].Redaction.Detectors["aws-access-key"] >= 2, "description and comment: " + Describe(summaries[1]));
        Assert.All(summaries, s => Assert.Equal(0, s.Redaction.ChunksDropped));
        // /metrics counts the same values, by detector and action.
        Assert.Equal(summaries.Sum(s => s.Redaction.Detectors.Values.Sum()), measured.Count);
        Assert.All(measured, m => Assert.Equal("mask", m.Action));
        // The Quality page shows them per job and detector, secrets marked: the key twice in one issue, one value.
        var quality = await Pipeline.Host.Dashboard.QualityPageHtml.RenderAsync(harness.Services, CancellationToken.None);
        Assert.Contains("<h3>Sensitive data</h3>", quality);
        Assert.Contains("<tr class=\"danger\"><td>tickets</td><td>aws-access-key <span class=\"label label-danger\">secret</span></td><td>mask</td><td>2</td><td>1</td><td>1</td>", quality);

        // The placeholders are what the index holds instead.
        var chunkText = await harness.ScalarAsync<string>("SELECT string_agg(text, ' ') FROM pipeline.chunks");
        foreach (var placeholder in new[] { "[EMAIL]", "[CARD]", "[IBAN]", "[SSN]", "[PHONE]", "[IP]", "[SECRET]", "[PASSWORD]" })
        {
            Assert.Contains(placeholder, chunkText);
        }

        // Findings keep the detector, document, chunk and a keyed hash; the same e-mail in three sources hashes alike.
        var emailHashes = await harness.ScalarAsync<long>("SELECT count(DISTINCT value_hash) FROM pipeline.redaction_findings WHERE detector = 'email'");
        Assert.Equal(1, emailHashes);
        Assert.True(await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.redaction_findings WHERE location = 'body' AND chunk_ordinal IS NOT NULL") > 0);

        // The secret alert fires, by e-mail over real SMTP, naming detectors and documents only.
        await using var smtp = SmtpTestServer.Start();
        var options = AlertRig.Options();
        var alertLog = new CollectingLogger<AlertEvaluator>();
        var evaluator = new AlertEvaluator(
            [new SecretFoundConditionSource(harness.Services.GetRequiredService<RedactionCounts>(), harness.Services.GetRequiredService<JobCatalog>())],
            new AlertStateStore(harness.DataSource), new AlertMailer(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256)),
            new AlertMessageBuilder(AlertRig.Smtp(smtp.Port, smtp.CertificateSha256), options), options, TimeProvider.System, alertLog);
        var evaluation = await evaluator.EvaluateAsync(CancellationToken.None);
        Assert.Equal(3, evaluation.Sent);
        var mails = smtp.Received.Select(m => m.Message.Subject + "\n" + m.Message.TextBody + "\n" + m.Message.HtmlBody).ToList();
        Assert.Contains(mails, m => m.Contains("new secret(s) found in 1 document(s)") && m.Contains("aws-access-key 1"));

        // The export, through the real CLI.
        var export = harness.Jobs.File("export.jsonl");
        var exported = await CliProcess.RunAsync(new Dictionary<string, string> { ["PIPELINE_DB"] = harness.ConnectionString, ["PIPELINE_JOBS_DIR"] = harness.Jobs.Path },
            "export", "--jsonl", "--output", export);
        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.Contains("[EMAIL]", await File.ReadAllTextAsync(export));

        var places = new Dictionary<string, string>
        {
            ["export"] = await File.ReadAllTextAsync(export),
            ["logs"] = string.Join("\n", logs.Entries),
            ["alert log"] = string.Join("\n", alertLog.Entries.Select(e => e.Message + e.Exception)),
            ["alert e-mails"] = string.Join("\n", mails),
        };
        foreach (var (table, text) in await TablesAsTextAsync(harness))
        {
            places["table " + table] = text;
        }
        Assert.True(places.Count > 20, $"every table of the index is searched: {places.Count}");
        Assert.True(logs.Entries.Count > 0, "the run logged");
        var hits = (from place in places
                    from value in PlantedValues.Forbidden
                    where place.Value.Contains(value, StringComparison.OrdinalIgnoreCase)
                    select $"{place.Key}: {value[..Math.Min(12, value.Length)]}…").ToList();
        Assert.True(hits.Count == 0, "raw values found: " + string.Join("; ", hits));
    }

    /// <summary>What the product meter's redaction counter receives, as a Prometheus exporter would read it.</summary>
    private static System.Diagnostics.Metrics.MeterListener RedactionMeasurements(ConcurrentQueue<(string Detector, string Action)> measured)
    {
        var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Pipeline.Core.Telemetry.PipelineMetrics.MeterName && instrument.Name == "pipeline.redactions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? detector = null, action = null, job = null;
            foreach (var tag in tags)
            {
                detector = tag.Key == "detector" ? (string?)tag.Value : detector;
                action = tag.Key == "action" ? (string?)tag.Value : action;
                job = tag.Key == "job" ? (string?)tag.Value : job;
            }
            // Test classes run in parallel in this process: only this test's jobs count.
            for (var i = 0; job is "files" or "tickets" or "wiki" && i < value; i++)
            {
                measured.Enqueue((detector!, action!));
            }
        });
        listener.Start();
        return listener;
    }

    private static string Describe(RunSummary summary) =>
        string.Join(", ", summary.Redaction.Detectors.Select(d => $"{d.Key}={d.Value}"));

    /// <summary>Every table of every schema of the test database, each row as PostgreSQL prints it.</summary>
    private static async Task<List<(string Table, string Text)>> TablesAsTextAsync(PipelineHarness harness)
    {
        var tables = new List<string>();
        await using (var list = harness.DataSource.CreateCommand(
            """
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
            """))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var result = new List<(string, string)>();
        foreach (var table in tables)
        {
            await using var dump = harness.DataSource.CreateCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t");
            result.Add((table, (string)(await dump.ExecuteScalarAsync())!));
        }
        return result;
    }

    /// <summary>An ADF document: one paragraph per sentence, then an optional code block.</summary>
    private static System.Text.Json.Nodes.JsonObject Document(IEnumerable<string> sentences, string? code = null)
    {
        var content = new System.Text.Json.Nodes.JsonArray();
        foreach (var sentence in sentences)
        {
            content.Add(FakeJira.Paragraph(sentence)["content"]![0]!.DeepClone());
        }
        if (code is not null)
        {
            content.Add(new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "codeBlock",
                ["content"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = "text", ["text"] = code }),
            });
        }
        return new System.Text.Json.Nodes.JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder().Append(category).Append(' ').Append(logLevel).Append(' ').Append(formatter(state, exception));
                // The structured values too, not only the rendered message: a log shipper sends those.
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        line.Append(' ').Append(key).Append('=').Append(value);
                    }
                }
                entries.Enqueue(line.Append(exception).ToString());
            }
        }
    }
}
