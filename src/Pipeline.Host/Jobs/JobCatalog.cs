extern alias CronosPackage;

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Pipeline.Host.Jobs;

/// <summary>
/// Loads every <c>*.json</c> in the jobs folder and validates it against the job schema. One bad file stops
/// start-up: a service that silently skipped a job would leave its index to go stale unnoticed.
/// </summary>
public sealed class JobCatalog
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    public JobCatalog(IReadOnlyList<JobDefinition> jobs) => Jobs = jobs;

    public IReadOnlyList<JobDefinition> Jobs { get; }

    public JobDefinition Get(string name) =>
        Jobs.FirstOrDefault(j => j.Name == name)
        ?? throw new JobDefinitionException($"no job named '{name}' (known: {string.Join(", ", Jobs.Select(j => j.Name).DefaultIfEmpty("none"))})");

    public static JobCatalog Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return new JobCatalog([]);
        }
        var jobs = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(LoadFile).ToList();
        var duplicate = jobs.GroupBy(j => j.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new JobDefinitionException(
                $"job name '{duplicate.Key}' is used by more than one file: {string.Join(", ", duplicate.Select(j => Path.GetFileName(j.FilePath)))}");
        }
        return new JobCatalog(jobs);
    }

    public static JobDefinition LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new JobDefinitionException($"{name}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        var errors = Validate(node);
        if (errors.Count > 0)
        {
            throw new JobDefinitionException($"{name}: {string.Join("; ", errors)}");
        }
        var job = node.Deserialize<JobDefinition>() ?? throw new JobDefinitionException($"{name}: empty job definition");
        try
        {
            CronosPackage::Cronos.CronExpression.Parse(job.Schedule);
        }
        catch (CronosPackage::Cronos.CronFormatException e)
        {
            throw new JobDefinitionException($"{name}: field 'schedule' violates 'cron': {e.Message}");
        }
        // The schema checks each chunking field; their agreement (prefix and its alias) only code can.
        job.Chunking.ResolvedPrefix(path);
        return job with { FilePath = Path.GetFullPath(path) };
    }

    /// <summary>Schema violations as "field: rule: message", deepest first, one per field.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }
        var all = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => (Path: d.EvaluationPath.ToString(), Field: Field(d.InstanceLocation.ToString()), Rule: Rule(e.Key, d.EvaluationPath.ToString()), Value: Message(e.Key, e.Value))))
            .ToList();
        var real = all.Where(e => !IsBranchDetail(e.Path)).ToList();
        // When only alternatives failed (an anyOf none of whose branches holds), every branch's reason is the message.
        var alternatives = all.Where(e => !e.Path.Contains("/if", StringComparison.Ordinal))
            .Select(e => e with { Rule = "anyOf › " + e.Rule });
        return (real.Count > 0 ? real : alternatives)
            .Where(e => e.Rule is not ("allOf" or "if" or "then"))
            .DistinctBy(e => (e.Field, e.Rule, e.Value))
            .Select(e => $"field '{e.Field}' violates '{e.Rule}': {e.Value}")
            .DefaultIfEmpty("the file does not match schemas/job.schema.json")
            .ToList();
    }

    // A property rejected by "additionalProperties": false fails against the false schema, which has no keyword
    // of its own; the evaluation path says which rule put it there.
    private static string Rule(string keyword, string evaluationPath) =>
        keyword.Length > 0 ? keyword : evaluationPath.Split('/').Reverse().FirstOrDefault(FalseSchemaKeywords.Contains) ?? "schema";

    private static readonly HashSet<string> FalseSchemaKeywords = ["additionalProperties", "unevaluatedProperties", "properties", "items"];

    private static string Message(string keyword, string message) =>
        keyword.Length > 0 ? message : "this field is not allowed here (misspelt, or not valid for this source kind)";

    // An "if" that does not match, or one failing alternative of an anyOf, is not an error of the file:
    // only the enclosing keyword's own verdict is.
    private static bool IsBranchDetail(string evaluationPath) =>
        evaluationPath.Contains("/if", StringComparison.Ordinal) || evaluationPath.Contains("/anyOf/", StringComparison.Ordinal)
        || evaluationPath.Contains("/oneOf/", StringComparison.Ordinal);

    private static string Field(string pointer) => pointer is "" or "/" ? "(root)" : pointer.TrimStart('/').Replace('/', '.');

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(JobCatalog).Assembly.GetManifestResourceStream("job.schema.json")
            ?? throw new InvalidOperationException("job schema resource missing from the build");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}
