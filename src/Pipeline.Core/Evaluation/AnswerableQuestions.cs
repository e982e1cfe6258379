namespace Pipeline.Core.Evaluation;

/// <summary>
/// Which questions have their answer in at least one stored chunk of their file: the ceiling any ranking of those
/// chunks could reach. Fed one chunk at a time, so the index is streamed, never held in memory.
/// </summary>
public sealed class AnswerableQuestions(IReadOnlyList<EvalQuestion> questions)
{
    private readonly NormalisedText[] _answers = questions.Select(q => new NormalisedText(q.Answer)).ToArray();
    private readonly bool[] _found = new bool[questions.Count];

    public void Add(string document, string text)
    {
        NormalisedText? chunk = null;
        for (var i = 0; i < questions.Count; i++)
        {
            if (!_found[i] && AnswerMatch.NamesFile(questions[i].File, document))
            {
                chunk ??= new NormalisedText(text);
                _found[i] = AnswerMatch.Match(_answers[i], chunk) is not null;
            }
        }
    }

    public IReadOnlyList<bool> Found => _found;
}
