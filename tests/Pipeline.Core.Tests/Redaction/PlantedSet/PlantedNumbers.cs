using System.Globalization;
using System.Text;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>Card numbers of every scheme with a valid Luhn digit, IBANs of many countries and issuable SSNs.</summary>
internal sealed class PlantedNumbers(RandomText random)
{
    // Prefix, length and how the scheme prints its groups.
    private static readonly (string Scheme, Func<RandomText, string> Prefix, int Length, int[] Groups)[] CardSchemes =
    [
        ("visa", _ => "4", 16, [4, 4, 4, 4]),
        ("visa-13", _ => "4", 13, [13]),
        ("visa-19", _ => "4", 19, [4, 4, 4, 4, 3]),
        ("mastercard", r => r.Between(51, 55).ToString(CultureInfo.InvariantCulture), 16, [4, 4, 4, 4]),
        ("mastercard-2", r => r.Between(2221, 2720).ToString(CultureInfo.InvariantCulture), 16, [4, 4, 4, 4]),
        ("amex", r => r.Pick(["34", "37"]), 15, [4, 6, 5]),
        ("discover", r => r.Pick(["6011", "644", "649", "65"]), 16, [4, 4, 4, 4]),
        ("discover-622", r => r.Between(622126, 622925).ToString(CultureInfo.InvariantCulture), 16, [4, 4, 4, 4]),
        ("jcb", r => r.Between(3528, 3589).ToString(CultureInfo.InvariantCulture), 16, [4, 4, 4, 4]),
        ("diners", r => r.Between(300, 305).ToString(CultureInfo.InvariantCulture), 14, [4, 6, 4]),
        ("diners-36", _ => "36", 14, [4, 6, 4]),
        ("unionpay", _ => "62", 19, [19]),
        ("maestro", r => r.Pick(["50", "56", "58", "67"]), 16, [4, 4, 4, 4]),
    ];

    // Country, BBAN layout: 'n' digit, 'a' upper-case letter, 'c' either.
    private static readonly (string Country, string Layout)[] IbanLayouts =
    [
        ("DE", "nnnnnnnnnnnnnnnnnn"), ("GB", "aaaannnnnnnnnnnnnn"), ("FR", "nnnnnnnnnncccccccccccnn"),
        ("NL", "aaaannnnnnnnnn"), ("ES", "nnnnnnnnnnnnnnnnnnnn"), ("IT", "annnnnnnnnncccccccccccc"),
        ("CH", "nnnnncccccccccccc"), ("BE", "nnnnnnnnnnnn"), ("AT", "nnnnnnnnnnnnnnnn"), ("PL", "nnnnnnnnnnnnnnnnnnnnnnnn"),
        ("NO", "nnnnnnnnnnn"), ("SE", "nnnnnnnnnnnnnnnnnnnn"), ("IE", "aaaannnnnnnnnnnnnn"), ("PT", "nnnnnnnnnnnnnnnnnnnnn"),
        ("MT", "aaaannnnncccccccccccccccccc"), ("SA", "nncccccccccccccccccc"), ("BR", "nnnnnnnnnnnnnnnnnnnnnnnac"),
    ];

    public IEnumerable<PlantedValue> Cards(int count)
    {
        string[] sentences =
        [
            "Please charge {0} for the renewal.", "The customer paid with card {0}, exp 09/27.", "Card number: {0}",
            "Refund issued to {0} on Monday.", "Her card {0} was declined twice.",
        ];
        for (var i = 0; i < count; i++)
        {
            var (_, makePrefix, length, groups) = CardSchemes[i % CardSchemes.Length];
            var prefix = makePrefix(random);
            var digits = WithLuhnDigit(prefix + random.From(RandomText.Digits, length - 1 - prefix.Length));
            var separator = random.Pick([" ", "-", ""]);
            yield return new(DetectorNames.Card, Grouped(digits, groups, separator), random.Pick(sentences));
        }
    }

    public IEnumerable<PlantedValue> Ibans(int count)
    {
        string[] sentences =
        [
            "Wire the deposit to IBAN {0} before Friday.", "Beneficiary account: {0}", "Our bank details changed to {0}.",
            "Please update the supplier IBAN to {0} in the ledger.",
        ];
        for (var i = 0; i < count; i++)
        {
            var (country, layout) = IbanLayouts[i % IbanLayouts.Length];
            var bban = new StringBuilder();
            foreach (var kind in layout)
            {
                bban.Append(kind switch
                {
                    'n' => random.From(RandomText.Digits, 1),
                    'a' => random.From(RandomText.Upper, 1),
                    _ => random.From(RandomText.Upper + RandomText.Digits, 1),
                });
            }
            var iban = country + CheckDigits(country, bban.ToString()) + bban;
            var printed = random.Chance(0.5) ? iban : string.Join(' ', iban.Chunk(4).Select(c => new string(c)));
            yield return new(DetectorNames.Iban, printed, random.Pick(sentences));
        }
    }

    public IEnumerable<PlantedValue> Ssns(int count)
    {
        string[] sentences = ["Employee SSN {0} on the W-4.", "His social security number is {0}.", "Applicant: J. Smith, {0}, DOB withheld."];
        for (var i = 0; i < count; i++)
        {
            int area;
            do
            {
                area = random.Between(1, 899);
            }
            while (area == 666);
            var group = random.Between(1, 99);
            var serial = random.Between(1, 9999);
            var separator = random.Pick(["-", "-", " "]);
            var value = string.Create(CultureInfo.InvariantCulture, $"{area:000}{separator}{group:00}{separator}{serial:0000}");
            if (value.Replace(" ", "-") is "078-05-1120" or "219-09-9999")
            {
                continue;
            }
            // Bare nine digits count only after the keyword, so they are planted in the keyword sentences alone.
            var bare = random.Chance(0.2);
            yield return bare
                ? new(DetectorNames.UsSsn, value.Replace(separator, ""), "SSN: {0}")
                : new(DetectorNames.UsSsn, value, random.Pick(sentences));
        }
    }

    private static string WithLuhnDigit(string body)
    {
        for (var check = 0; check <= 9; check++)
        {
            var candidate = body + (char)('0' + check);
            if (LuhnSum(candidate) % 10 == 0)
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("unreachable: one of ten digits always completes Luhn");
    }

    private static int LuhnSum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
        }
        return sum;
    }

    private static string Grouped(string digits, int[] groups, string separator)
    {
        if (groups.Length == 1 || separator.Length == 0)
        {
            return digits;
        }
        var parts = new List<string>();
        var at = 0;
        foreach (var size in groups)
        {
            parts.Add(digits.Substring(at, size));
            at += size;
        }
        return string.Join(separator, parts);
    }

    /// <summary>ISO 7064 MOD 97-10 computed independently of the detector: 98 minus the remainder of BBAN + country + 00.</summary>
    private static string CheckDigits(string country, string bban)
    {
        var rearranged = bban + country + "00";
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
        }
        return (98 - remainder).ToString("00", CultureInfo.InvariantCulture);
    }
}
