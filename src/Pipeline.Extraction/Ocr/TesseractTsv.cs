using System.Globalization;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Reads Tesseract's TSV output (one row per page, block, paragraph, line and word) into paragraphs. The TSV
/// rather than plain text because it carries per-word confidences and Tesseract's own paragraph grouping.
/// </summary>
internal static class TesseractTsv
{
    private const int Columns = 12;
    private const string WordLevel = "5";

    // Tesseract's guesses at illustrations, specks and rules come out as short paragraphs near zero confidence;
    // real text, even badly printed, rarely averages below this.
    private const double MinParagraphConfidence = 30;

    public static OcrPageResult Parse(string tsv)
    {
        var paragraphs = new List<OcrParagraph>();
        var builder = new ParagraphBuilder();
        double confidenceSum = 0;
        var words = 0;
        string? currentKey = null;

        foreach (var row in tsv.Split('\n'))
        {
            var cells = row.TrimEnd('\r').Split('\t');
            if (cells.Length < Columns || cells[0] != WordLevel)
            {
                continue;
            }
            var text = cells[11].Trim();
            if (text.Length == 0 || !double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) || confidence < 0)
            {
                continue;
            }

            var key = $"{cells[1]}.{cells[2]}.{cells[3]}";
            if (key != currentKey)
            {
                builder.AddTo(paragraphs);
                currentKey = key;
            }
            builder.Add(cells[4], text, confidence);
            confidenceSum += confidence;
            words++;
        }
        builder.AddTo(paragraphs);

        return new OcrPageResult(paragraphs, words > 0 ? Math.Round(confidenceSum / words, 2) : null);
    }

    private sealed class ParagraphBuilder
    {
        private readonly List<List<string>> _lines = [];
        private string? _lineKey;
        private double _confidenceSum;
        private int _words;

        public void Add(string lineKey, string word, double confidence)
        {
            if (lineKey != _lineKey || _lines.Count == 0)
            {
                _lines.Add([]);
                _lineKey = lineKey;
            }
            _lines[^1].Add(word);
            _confidenceSum += confidence;
            _words++;
        }

        /// <summary>Adds the paragraph collected so far, unless it is noise, and starts a new one.</summary>
        public void AddTo(List<OcrParagraph> paragraphs)
        {
            if (_words > 0)
            {
                var text = TextNormaliser.Normalise(string.Join('\n', _lines.Select(l => string.Join(' ', l))));
                var confidence = _confidenceSum / _words;
                if (confidence >= MinParagraphConfidence && text.Any(char.IsLetterOrDigit))
                {
                    paragraphs.Add(new OcrParagraph(text, _lines.Count, Math.Round(confidence, 2)));
                }
            }
            _lines.Clear();
            _lineKey = null;
            _confidenceSum = 0;
            _words = 0;
        }
    }
}
