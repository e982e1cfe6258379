using System.Globalization;

namespace Pipeline.Host.Bench;

/// <summary>
/// A folder of varied, deterministic PDFs for load tests: 1–6 pages each, a title, sections with headings,
/// paragraphs and a ruled table. Every file draws its words, figures and identifiers from its own seeded random
/// stream, so no two files share a chunk and the same seed always gives the same bytes.
/// </summary>
public static class GeneratedPdfCorpus
{
    private static readonly string[] Subjects =
    [
        "pump station", "cooling loop", "substation", "data centre", "water treatment line", "rail depot", "boiler house",
        "compressor hall", "wind farm", "packaging line", "cold store", "lift installation", "fire suppression system",
    ];

    private static readonly string[] Sections =
    [
        "Scope", "Background", "Inspection findings", "Maintenance history", "Risk assessment", "Operating limits",
        "Corrective actions", "Spare parts", "Safety notes", "Commissioning", "Monitoring", "Open questions", "Sign-off",
    ];

    private static readonly string[] Words =
    (
        "valve bearing seal gasket impeller motor drive shaft coupling sensor probe relay breaker feeder transformer "
        + "pressure flow temperature vibration torque current voltage level humidity leakage corrosion wear fatigue "
        + "inspect replace calibrate tighten lubricate isolate drain flush test record verify adjust monitor restart "
        + "weekly monthly quarterly annual nominal rated maximum minimum upstream downstream primary secondary standby "
        + "operator technician engineer supervisor contractor vendor auditor the a of to and in for with on after before "
        + "during within under above unless until because while whereas however therefore meanwhile otherwise"
    ).Split(' ');

    private static readonly string[] TableHeader = ["Item", "Reading", "Limit", "Status"];

    private static readonly string[] States = ["ok", "watch", "replace", "retest"];

    /// <summary>Writes <paramref name="count"/> PDFs named <c>generated-00001.pdf</c>… into <paramref name="folder"/>.</summary>
    /// <returns>Pages written in all.</returns>
    public static async Task<int> WriteAsync(string folder, int count, int seed, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var pages = 0;
        for (var n = 1; n <= count; n++)
        {
            var (bytes, written) = Build(n, seed);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"generated-{n:D5}.pdf"), bytes, cancellationToken);
            pages += written;
        }
        return pages;
    }

    /// <summary>File <paramref name="number"/> of the corpus with this seed, and its page count.</summary>
    public static (byte[] Pdf, int Pages) Build(int number, int seed)
    {
        // Combined arithmetically, not with HashCode, whose seed changes with every process.
        var random = new Random(unchecked(seed * 1_000_003 + number));
        var subject = Subjects[random.Next(Subjects.Length)];
        var site = $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}-{random.Next(100, 9999)}";
        var layout = new GeneratedPdfLayout($"Report {number}: {subject} {site}", maxPages: random.Next(1, 7));
        layout.Heading($"Report {number}: {Capitalise(subject)} {site}", level: 1);
        layout.Paragraph(Paragraph(random, subject, site));
        var tableDone = false;
        foreach (var section in Sections.OrderBy(_ => random.Next()).Concat(Enumerable.Range(2, 50).Select(i => $"Annex {i}")))
        {
            if (!layout.Heading($"{section} ({site})", level: 2))
            {
                break;
            }
            var placed = true;
            for (var p = random.Next(1, 4); p > 0 && placed; p--)
            {
                placed = layout.Paragraph(Paragraph(random, subject, site));
            }
            if (placed && !tableDone)
            {
                tableDone = layout.Table(Table(random, site));
            }
            if (!placed)
            {
                break;
            }
        }
        return (WithFileId(layout.Build(), random), layout.Pages);
    }

    /// <summary>
    /// The writer puts two random GUIDs in the trailer's <c>/ID</c>; they are replaced, hex digit for hex digit so
    /// no offset moves, by digits from the file's own stream, so the same seed gives the same bytes.
    /// </summary>
    private static byte[] WithFileId(byte[] pdf, Random random)
    {
        var id = pdf.AsSpan().LastIndexOf("/ID ["u8);
        if (id < 0)
        {
            return pdf;
        }
        const string Hex = "0123456789ABCDEF";
        var brackets = 0;
        var inside = false;
        for (var i = id + 5; i < pdf.Length && brackets < 2; i++)
        {
            switch ((char)pdf[i])
            {
                case '<': inside = true; break;
                case '>': inside = false; brackets++; break;
                default:
                    if (inside)
                    {
                        pdf[i] = (byte)Hex[random.Next(16)];
                    }
                    break;
            }
        }
        return pdf;
    }

    private static string Paragraph(Random random, string subject, string site)
    {
        var sentences = new List<string>();
        for (var s = random.Next(3, 7); s > 0; s--)
        {
            var words = Enumerable.Range(0, random.Next(8, 20)).Select(_ => Words[random.Next(Words.Length)]).ToList();
            // Figures and the site code make each sentence specific to its file.
            words.Insert(random.Next(words.Count), random.Next(3) switch
            {
                0 => $"{random.Next(1, 500).ToString(CultureInfo.InvariantCulture)} kPa",
                1 => $"unit {site}/{random.Next(1, 99)}",
                _ => $"the {subject}",
            });
            sentences.Add(Capitalise(string.Join(' ', words)) + ".");
        }
        return string.Join(' ', sentences);
    }

    private static IReadOnlyList<IReadOnlyList<string>> Table(Random random, string site)
    {
        var rows = new List<IReadOnlyList<string>> { TableHeader };
        for (var r = random.Next(3, 7); r > 0; r--)
        {
            var reading = random.Next(10, 900);
            rows.Add([$"{Words[random.Next(Words.Length)]} {site}-{r}", $"{reading}", $"{reading + random.Next(-100, 300)}", States[random.Next(States.Length)]]);
        }
        return rows;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
