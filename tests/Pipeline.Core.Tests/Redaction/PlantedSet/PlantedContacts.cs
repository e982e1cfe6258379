using System.Globalization;
using System.Net;
using PhoneNumbers;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>E-mail addresses, phone numbers (US national and international formats, other countries) and IP addresses.</summary>
internal sealed class PlantedContacts(RandomText random)
{
    private static readonly PhoneNumberUtil Plan = PhoneNumberUtil.GetInstance();

    private static readonly string[] FirstNames = ["jane", "omar", "li", "anna-maria", "o.brien", "kofi", "sven", "priya"];
    private static readonly string[] Domains = ["example.com", "mail.example.org", "corp.example.co.uk", "uni-example.edu", "example.io", "dept.example.gov"];
    private static readonly string[] AreaCodes = ["201", "202", "206", "212", "213", "303", "305", "312", "404", "415", "503", "512", "602", "617", "702", "713", "816"];
    private static readonly string[] ForeignRegions = ["GB", "DE", "FR", "CH", "JP", "AU", "IN", "BR", "ES", "NL"];

    public IEnumerable<PlantedValue> Emails(int count)
    {
        string[] sentences = ["Send the signed copy to {0}.", "Contact: {0}", "Questions go to <{0}> until June.", "cc {0}, please"];
        for (var i = 0; i < count; i++)
        {
            var local = random.Pick(FirstNames) + random.Pick([".", "_", "+tag", ""]) + random.From(RandomText.Lower + RandomText.Digits, random.Between(2, 8));
            yield return new(DetectorNames.Email, $"{local}@{random.Pick(Domains)}", random.Pick(sentences));
        }
    }

    public IEnumerable<PlantedValue> Phones(int count)
    {
        string[] sentences = ["Call me at {0} after five.", "Phone: {0}", "The front desk ({0}) opens at nine.", "Reach the on-call engineer on {0}."];
        for (var i = 0; i < count; i++)
        {
            var value = i % 4 == 3 ? Foreign() : UsNumber();
            yield return new(DetectorNames.Phone, value, random.Pick(sentences));
        }
    }

    public IEnumerable<PlantedValue> IpAddresses(int count)
    {
        string[] sentences = ["The request came from {0} at noon.", "host: {0}", "Blocked {0} after repeated failures."];
        for (var i = 0; i < count; i++)
        {
            string value;
            if (i % 2 == 0)
            {
                value = string.Join('.', Enumerable.Range(0, 4).Select(o => random.Between(o == 0 ? 1 : 0, 255).ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                var groups = Enumerable.Range(0, 8).Select(g => g is 2 or 3 && i % 3 == 0 ? "0" : random.From(RandomText.LowerHex, random.Between(1, 4)));
                // IPAddress prints the canonical compressed form (runs of zero groups become ::).
                value = IPAddress.Parse(string.Join(':', groups)).ToString();
            }
            yield return new(DetectorNames.IpAddress, value, random.Pick(sentences));
        }
    }

    private string UsNumber()
    {
        string area, exchange, line;
        PhoneNumber number;
        do
        {
            area = random.Pick(AreaCodes);
            exchange = random.Between(2, 9).ToString(CultureInfo.InvariantCulture) + random.From(RandomText.Digits, 2);
            line = random.From(RandomText.Digits, 4);
            number = Plan.Parse($"+1{area}{exchange}{line}", "US");
        }
        while (!Plan.IsValidNumber(number));
        return random.Next(8) switch
        {
            0 => $"({area}) {exchange}-{line}",
            1 => $"{area}-{exchange}-{line}",
            2 => $"{area}.{exchange}.{line}",
            3 => $"{area} {exchange} {line}",
            4 => $"+1 {area} {exchange} {line}",
            5 => $"+1-{area}-{exchange}-{line}",
            6 => $"+1{area}{exchange}{line}",
            _ => $"1-{area}-{exchange}-{line}",
        };
    }

    /// <summary>A valid number of another country, in its international format, varied from the plan's example.</summary>
    private string Foreign()
    {
        var region = random.Pick(ForeignRegions);
        var example = Plan.GetExampleNumberForType(region, random.Chance(0.5) ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE);
        var national = example.NationalNumber.ToString(CultureInfo.InvariantCulture);
        PhoneNumber number;
        do
        {
            var varied = national[..^3] + random.From(RandomText.Digits, 3);
            number = Plan.Parse($"+{example.CountryCode}{varied}", region);
        }
        while (!Plan.IsValidNumber(number));
        return Plan.Format(number, PhoneNumberFormat.INTERNATIONAL);
    }
}
