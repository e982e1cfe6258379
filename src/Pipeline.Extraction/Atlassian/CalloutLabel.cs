namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// The word put before the paragraphs of an info/note/warning panel or macro: the panel's colour and icon are
/// lost in text, and "Warning:" is what tells a reader (and the embedding) how to take the sentence.
/// </summary>
internal static class CalloutLabel
{
    /// <returns>"Warning: " and the like; empty for kinds that say nothing (ADF's custom panels, unknown kinds).</returns>
    public static string PrefixFor(string? kind) => kind?.Trim().ToLowerInvariant() switch
    {
        "info" or "information" => "Info: ",
        "note" => "Note: ",
        "warning" => "Warning: ",
        "tip" => "Tip: ",
        "success" => "Success: ",
        "error" => "Error: ",
        _ => string.Empty,
    };
}
