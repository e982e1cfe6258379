namespace Pipeline.Core.Evaluation;

/// <summary>
/// Scores ranked results against a question set by the reference scorer's rules: a result at rank r is a hit when it
/// names the question's file and holds the answer (strict or tolerant); only the first k results count.
/// </summary>
public static class RetrievalScorer
{
    /// <param name="results">Ranked results per question, best first, in question order.</param>
    /// <param name="answerable">Per question: is its answer in some stored chunk of its file (see <see cref="AnswerableQuestions"/>).</param>
    public static RetrievalReport Score(IReadOnlyList<EvalQuestion> questions, IReadOnlyList<IReadOnlyList<RankedText>> results,
        IReadOnlyList<bool> answerable, int k)
    {
        var outcomes = new List<QuestionOutcome>(questions.Count);
        for (var i = 0; i < questions.Count; i++)
        {
            outcomes.Add(Judge(questions[i], results[i], answerable[i], k));
        }
        var perFile = outcomes.GroupBy(o => o.Question.File)
            .Select(g => KeyValuePair.Create(g.Key, Figures(g.ToList())))
            .ToList();
        return new RetrievalReport(k, outcomes, Figures(outcomes), perFile,
            outcomes.Count(o => o.Match == AnswerMatchKind.Strict), outcomes.Count(o => o.Match == AnswerMatchKind.Tolerant));
    }

    private static QuestionOutcome Judge(EvalQuestion question, IReadOnlyList<RankedText> results, bool answerable, int k)
    {
        var answer = new NormalisedText(question.Answer);
        var wrongFile = 0;
        for (var i = 0; i < Math.Min(k, results.Count); i++)
        {
            var match = AnswerMatch.Match(answer, new NormalisedText(results[i].Text));
            if (match is not null && AnswerMatch.NamesFile(question.File, results[i].Document))
            {
                return new QuestionOutcome(question, i + 1, match, wrongFile, answerable, results.Count);
            }
            if (match is not null)
            {
                wrongFile++;
            }
        }
        return new QuestionOutcome(question, null, null, wrongFile, answerable, results.Count);
    }

    private static RetrievalFigures Figures(IReadOnlyList<QuestionOutcome> outcomes) =>
        RetrievalFigures.Of(outcomes.Select(o => o.Rank).ToList(), outcomes.Select(o => o.Answerable).ToList());
}
