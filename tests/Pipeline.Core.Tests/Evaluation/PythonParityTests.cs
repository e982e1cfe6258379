using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Evaluation;

namespace Pipeline.Core.Tests.Evaluation;

/// <summary>
/// The answer normalisation and the rounding of <c>eval</c> against Python itself (python3, standard library only), on
/// the characters where .NET and Python tend to part: Unicode whitespace, compatibility forms, special casing, numbers.
/// </summary>
public sealed class PythonParityTests
{
    private static readonly string[] Texts =
    [
        "state-of-the-\nart", "  Tabs\tand\u00a0no-break  spaces \r\n", "\ufb01nancial \ufb02ow", "Chapter \u216b", "cafe\u0301 caf\u00e9",
        "\u0130stanbul", "\u2460\u2461 \u00bd \u00b2", "\u0663\u0664 \u0967", "\U0001d400\U0001d401", "\u65e5\u672c\u8a9e", "line\u2028sep\u2029",
        "\u001cinfo\u001fsep\u001d", "\u039f\u0394\u039f\u03a3 \u03a3\u0391\u03a3.", "\u201cquotes\u201d \u2014 dashes \u2026", "Stra\u00dfe \u1e9e", "\u01c5 \u24b6",
        "soft\u00adhyphen", "TABLE 1.504 2.109 .... 12", "\u3000ideographic\u3000space", "\u10a0\u13a0 \ua7c0",
    ];

    [Fact]
    public async Task Strict_and_tolerant_normal_forms_equal_pythons()
    {
        var python = await RunPythonAsync(
            """
            import json, re, sys, unicodedata
            for s in json.load(sys.stdin):
                ws = re.sub(r"\s+", " ", s).strip().lower()
                al = "".join(ch for ch in unicodedata.normalize("NFKC", s).lower() if ch.isalnum())
                print(json.dumps([ws, al]))
            """, JsonSerializer.Serialize(Texts));

        var expected = python.Select(line => JsonSerializer.Deserialize<string[]>(line)!).ToList();
        Assert.Equal(Texts.Length, expected.Count);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i][0], AnswerMatch.WhitespaceNormalised(Texts[i]));
            Assert.Equal(expected[i][1], AnswerMatch.LettersAndDigits(Texts[i]));
        }
    }

    [Fact]
    public async Task Figures_round_to_four_decimals_exactly_as_pythons_round()
    {
        // Every share k/n and every mean of reciprocal ranks the scorer can print for up to 80 questions.
        var values = new List<double>();
        for (var n = 1; n <= 80; n++)
        {
            var reciprocal = 0.0;
            for (var k = 0; k <= n; k++)
            {
                values.Add((double)k / n);
                reciprocal += 1.0 / (k % 10 + 1);
                values.Add(reciprocal / n);
            }
        }
        values.AddRange([0.00005, 0.00015, 0.12345, 0.99995, 0.5, 2.675 / 10]);
        var python = await RunPythonAsync(
            "import json, sys\nfor x in json.load(sys.stdin): print(repr(round(x, 4)))",
            JsonSerializer.Serialize(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Select(double.Parse)));

        Assert.Equal(values.Count, python.Count);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.True(double.Parse(python[i], CultureInfo.InvariantCulture) == PythonRounding.Round4(values[i]),
                $"round({values[i]:R}, 4): Python {python[i]}, here {PythonRounding.Round4(values[i]):R}");
        }
    }

    private static async Task<List<string>> RunPythonAsync(string script, string stdin)
    {
        var start = new ProcessStartInfo("python3", ["-c", script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr);
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
