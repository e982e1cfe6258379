using System.Globalization;
using System.Text;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4): HELP and TYPE before a family's samples and
/// at most once, contiguous families, no duplicate series, only the format's escapes, counters not negative, and
/// histograms whose buckets rise to a +Inf bucket equal to _count, with _sum. Anything else is a
/// <see cref="FormatException"/> naming the line.
/// </summary>
public static class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static PrometheusExposition Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }
        var families = new Dictionary<string, FamilyBuilder>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        FamilyBuilder? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = lines[i];
            var number = i + 1;
            try
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                if (line.StartsWith('#'))
                {
                    current = Metadata(line, families, current);
                    continue;
                }
                var sample = Sample(line);
                var family = FamilyOf(sample.Name, families);
                if (family != current && family.Samples.Count > 0)
                {
                    throw new FormatException($"samples of {family.Name} are not contiguous");
                }
                current = family;
                var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
                if (!series.Add(key))
                {
                    throw new FormatException($"duplicate series {key}");
                }
                if (family.Type == "counter" && (sample.Value < 0 || double.IsNaN(sample.Value)))
                {
                    throw new FormatException($"counter {sample.Name} has value {sample.Value}");
                }
                family.Samples.Add(sample);
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {number}: {e.Message}: {line}", e);
            }
        }
        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            PrometheusHistogramCheck.Check(family.Name, family.Samples);
        }
        return new PrometheusExposition(families.ToDictionary(f => f.Key, f => new PrometheusFamily(f.Key, f.Value.Type, f.Value.Help, f.Value.Samples)));
    }

    private static FamilyBuilder? Metadata(string line, Dictionary<string, FamilyBuilder> families, FamilyBuilder? current)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return current; // a comment
        }
        var name = parts[2];
        CheckMetricName(name);
        if (!families.TryGetValue(name, out var family))
        {
            family = families[name] = new FamilyBuilder(name);
        }
        else if (family.Samples.Count > 0)
        {
            throw new FormatException($"{parts[1]} of {name} after its samples");
        }
        var rest = parts.Length == 4 ? parts[3] : "";
        if (parts[1] == "HELP")
        {
            if (family.Help is not null)
            {
                throw new FormatException($"second HELP for {name}");
            }
            family.Help = Unescape(rest, quoteAllowed: false);
        }
        else
        {
            if (family.TypeDeclared)
            {
                throw new FormatException($"second TYPE for {name}");
            }
            if (!Types.Contains(rest))
            {
                throw new FormatException($"unknown type '{rest}'");
            }
            family.Type = rest;
            family.TypeDeclared = true;
        }
        return family;
    }

    /// <summary>The family a sample belongs to: its own name, or a declared histogram, summary or counter it is a part of.</summary>
    private static FamilyBuilder FamilyOf(string name, Dictionary<string, FamilyBuilder> families)
    {
        foreach (var (suffix, types) in new (string, string[])[] { ("_bucket", ["histogram"]), ("_sum", ["histogram", "summary"]), ("_count", ["histogram", "summary"]), ("_total", ["counter"]) })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(name[..^suffix.Length], out var parent) && types.Contains(parent.Type))
            {
                return parent;
            }
        }
        if (families.TryGetValue(name, out var family))
        {
            if (family.Type == "histogram")
            {
                throw new FormatException($"histogram {name} has a sample without _bucket, _sum or _count");
            }
            return family;
        }
        return families[name] = new FamilyBuilder(name);
    }

    private static PrometheusSample Sample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' ' or '\t'))
        {
            position++;
        }
        var name = line[..position];
        CheckMetricName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position = Labels(line, position + 1, labels);
        }
        var fields = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2)
        {
            throw new FormatException("expected a value and an optional timestamp");
        }
        long? timestamp = fields.Length == 2
            ? long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t : throw new FormatException($"bad timestamp '{fields[1]}'")
            : null;
        return new PrometheusSample(name, labels, ParseValue(fields[0]), timestamp);
    }

    /// <returns>The position after the closing brace.</returns>
    private static int Labels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (position >= line.Length)
            {
                throw new FormatException("unterminated label set");
            }
            if (line[position] == '}')
            {
                return position + 1;
            }
            var start = position;
            while (position < line.Length && line[position] != '=')
            {
                position++;
            }
            var labelName = line[start..position];
            if (labelName.Length == 0 || !(char.IsAsciiLetter(labelName[0]) || labelName[0] == '_') || !labelName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new FormatException($"bad label name '{labelName}'");
            }
            if (labelName.StartsWith("__", StringComparison.Ordinal))
            {
                throw new FormatException($"label name '{labelName}' is reserved");
            }
            if (position + 1 >= line.Length || line[position + 1] != '"')
            {
                throw new FormatException($"label {labelName} has no quoted value");
            }
            position += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= line.Length)
                {
                    throw new FormatException($"unterminated value of label {labelName}");
                }
                var c = line[position++];
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    value.Append(Escape(position < line.Length ? line[position++] : '\0', quoteAllowed: true));
                }
                else
                {
                    value.Append(c);
                }
            }
            if (!labels.TryAdd(labelName, value.ToString()))
            {
                throw new FormatException($"label {labelName} twice");
            }
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position >= line.Length || line[position] != '}')
            {
                throw new FormatException("expected ',' or '}' after a label");
            }
        }
    }

    internal static double ParseValue(string raw) => raw switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when raw.Length > 0 && (char.IsAsciiDigit(raw[0]) || raw[0] is '-' or '+' or '.')
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"bad value '{raw}'"),
    };

    private static string Unescape(string raw, bool quoteAllowed)
    {
        var result = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            result.Append(raw[i] == '\\' ? Escape(i + 1 < raw.Length ? raw[++i] : '\0', quoteAllowed) : raw[i]);
        }
        return result.ToString();
    }

    private static char Escape(char escaped, bool quoteAllowed) => escaped switch
    {
        '\\' => '\\',
        'n' => '\n',
        '"' when quoteAllowed => '"',
        _ => throw new FormatException($"bad escape '\\{escaped}'"),
    };

    private static void CheckMetricName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"bad metric name '{name}'");
        }
    }

    private sealed class FamilyBuilder(string name)
    {
        public string Name { get; } = name;

        public string Type { get; set; } = "untyped";

        public bool TypeDeclared { get; set; }

        public string? Help { get; set; }

        public List<PrometheusSample> Samples { get; } = [];
    }
}
