namespace Pipeline.Core.Evaluation;

/// <summary>One line of a question set (<c>shared/qa/questions.jsonl</c>): the answer is a literal passage of the file.</summary>
public sealed record EvalQuestion(string Id, string File, int Page, string Question, string Answer);

/// <summary>A ranked result as the scorer reads it: which document, and the chunk's text.</summary>
public sealed record RankedText(string Document, string Text);
