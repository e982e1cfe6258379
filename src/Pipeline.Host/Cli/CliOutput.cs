using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Host.Cli;

public static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
