namespace Pipeline.Extraction.Ocr;

internal sealed record CommandOutput(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The first non-blank line of stderr: enough to say what went wrong in a page note.</summary>
    public string ErrorSummary =>
        StandardError.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message";
}
