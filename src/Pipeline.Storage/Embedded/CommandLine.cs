namespace Pipeline.Storage.Embedded;

/// <summary>A child process to run. Arguments never carry secrets (passwords travel in files), so it is safe to log.</summary>
internal sealed record CommandLine(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public override string ToString() =>
        string.Join(' ', Arguments.Prepend(FileName).Select(a => a.Length > 0 && !a.Any(char.IsWhiteSpace) ? a : $"'{a}'"));
}

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
