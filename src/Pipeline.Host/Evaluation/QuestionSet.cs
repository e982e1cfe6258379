using System.Text.Json;
using Pipeline.Core.Evaluation;

namespace Pipeline.Host.Evaluation;

/// <summary>Reads a question set in the format of <c>shared/qa/questions.jsonl</c>: one {"id","file","page","question","answer"} per line.</summary>
public static class QuestionSet
{
    /// <exception cref="ArgumentException">A line is not such an object, or an id repeats: said with the line number.</exception>
    public static IReadOnlyList<EvalQuestion> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"question file {path} does not exist");
        }
        var questions = new List<EvalQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var question = Parse(line, path, number);
            if (!ids.Add(question.Id))
            {
                // Results are keyed by id, so a repeated id would score one question's results against another's answer.
                throw new ArgumentException($"{path}:{number}: id '{question.Id}' appears twice");
            }
            questions.Add(question);
        }
        return questions.Count > 0 ? questions : throw new ArgumentException($"{path} holds no questions");
    }

    private static EvalQuestion Parse(string line, string path, int number)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return new EvalQuestion(Text(root, "id"), Text(root, "file"), root.GetProperty("page").GetInt32(), Text(root, "question"), Text(root, "answer"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"{path}:{number}: not a question line {{\"id\", \"file\", \"page\", \"question\", \"answer\"}}: {e.Message}");
        }
    }

    private static string Text(JsonElement root, string name) => root.GetProperty(name).GetString()
        ?? throw new InvalidOperationException($"\"{name}\" is null");
}
