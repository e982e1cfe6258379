using Pipeline.Core.Redaction;

namespace Pipeline.Extraction.Tests.Redaction;

/// <summary>
/// The false-positive budget measured on the real corpus (no planted data), held on the four documents whose
/// tables, figures and dates tempted the detectors most: NICS counts, USGS compound tables with CAS numbers, Turkish
/// financial statements and a Federal Register rule with docket numbers, dates and printed contact numbers. Before
/// the phone grouping guards, libphonenumber alone read 8 USGS and 7 financial table cells as phone numbers.
/// </summary>
public sealed class CorpusFalsePositiveTests
{
    // The default policy: every detector except ip-address, which is off unless an integrator turns it on.
    private static readonly SensitiveDataScanner Scanner = new(SensitiveDetectors.Create(
        DetectorNames.All.Where(d => d != DetectorNames.IpAddress), new DetectorSettings()));

    /// <summary>What a person checked by hand: each listed finding is a real address or phone number in the document.</summary>
    public static TheoryData<string, int, int> Budgets() => new()
    {
        // file, e-mail findings, phone findings
        { "nics-checks-2015-11-table-rotate90.pdf", 0, 0 },
        { "usgs-nwql-voc-methods-86p.pdf", 0, 0 },
        { "mixed-tr-financials-scanned-p2-3.pdf", 0, 0 },
        // FAA, Boeing and Pilatus contact numbers and mailboxes printed in the rule.
        { "federal-register-2020-17221-3col.pdf", 3, 13 },
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Tables_figures_and_dates_raise_no_finding_beyond_the_real_contacts(string file, int emails, int phones)
    {
        var document = CorpusExtraction.Document(file);
        var text = string.Join("\n\n", document.Blocks.Select(b => b.Text));

        var findings = Scanner.Scan(text).GroupBy(m => m.Detector).ToDictionary(g => g.Key, g => g.Count());

        Assert.DoesNotContain(findings.Keys, DetectorNames.IsSecret);
        Assert.DoesNotContain(DetectorNames.Card, findings.Keys);
        Assert.DoesNotContain(DetectorNames.Iban, findings.Keys);
        Assert.DoesNotContain(DetectorNames.UsSsn, findings.Keys);
        Assert.InRange(findings.GetValueOrDefault(DetectorNames.Email), 0, emails);
        Assert.InRange(findings.GetValueOrDefault(DetectorNames.Phone), 0, phones);
    }
}
