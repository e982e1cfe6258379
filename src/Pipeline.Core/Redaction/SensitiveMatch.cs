namespace Pipeline.Core.Redaction;

/// <summary>
/// One sensitive value found in a text: which detector found it and where. <see cref="Start"/> and
/// <see cref="Length"/> cover the value only (for <c>password=hunter2</c>, just <c>hunter2</c>), so masking keeps the
/// words around it readable.
/// </summary>
public sealed record SensitiveMatch(string Detector, int Start, int Length)
{
    public int End => Start + Length;
}
