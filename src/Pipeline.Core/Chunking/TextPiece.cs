namespace Pipeline.Core.Chunking;

/// <summary>The unit the chunker packs: a whole block, a sentence of a long block, or a row group of a long table.</summary>
/// <param name="ContinuesBlock">True when the piece continues the previous piece's block (joined by a space, not a blank line).</param>
internal sealed record TextPiece(string Text, int Tokens, int PageStart, int PageEnd, bool ContinuesBlock);
