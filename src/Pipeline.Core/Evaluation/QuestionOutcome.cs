namespace Pipeline.Core.Evaluation;

/// <param name="Rank">1-based rank of the first hit within k; null for a miss.</param>
/// <param name="AnswerInOtherFile">Results above the hit (or within k) that held the answer but came from another file.</param>
/// <param name="Answerable">The answer is in at least one stored chunk of the right file.</param>
public sealed record QuestionOutcome(EvalQuestion Question, int? Rank, AnswerMatchKind? Match, int AnswerInOtherFile, bool Answerable, int Results);
