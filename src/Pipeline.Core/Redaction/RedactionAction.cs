namespace Pipeline.Core.Redaction;

/// <summary>What a job does with a value a detector found (the <c>redaction.detectors</c> map of a job file).</summary>
public enum RedactionAction
{
    /// <summary>Not looked for.</summary>
    Off,

    /// <summary>Kept in the text; a finding is recorded (with a salted hash of the value, never the value).</summary>
    Flag,

    /// <summary>Replaced with its typed placeholder, such as <c>[EMAIL]</c>, before chunking and embedding.</summary>
    Mask,

    /// <summary>Every chunk the value would have been in is left out of the index.</summary>
    DropChunk,

    /// <summary>The whole document is kept out of the index and quarantined as <c>sensitive-data:DETECTOR</c>.</summary>
    QuarantineDocument,
}

public static class RedactionActions
{
    public static string Name(this RedactionAction action) => action switch
    {
        RedactionAction.Off => "off",
        RedactionAction.Flag => "flag",
        RedactionAction.Mask => "mask",
        RedactionAction.DropChunk => "drop-chunk",
        RedactionAction.QuarantineDocument => "quarantine-document",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static RedactionAction Parse(string name) => name switch
    {
        "off" => RedactionAction.Off,
        "flag" => RedactionAction.Flag,
        "mask" => RedactionAction.Mask,
        "drop-chunk" => RedactionAction.DropChunk,
        "quarantine-document" => RedactionAction.QuarantineDocument,
        _ => throw new ArgumentException($"'{name}' is not a redaction action (off, flag, mask, drop-chunk, quarantine-document)"),
    };
}
