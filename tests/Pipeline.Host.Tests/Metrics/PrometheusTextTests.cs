namespace Pipeline.Host.Tests.Metrics;

/// <summary>The test parser itself: it must accept what the format allows and reject, with the reason, what it forbids.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void Escaped_label_values_special_values_and_timestamps_parse()
    {
        var text = """
            # HELP odd_value A help text with a \\ backslash and a\nsecond line
            # TYPE odd_value gauge
            odd_value{path="C:\\temp",quote="say \"hi\"",multi="a\nb",} +Inf
            odd_value{path="x"} -Inf 1700000000000
            odd_value{path="y"} NaN
            odd_value{path="z"} -1.5e-3
            plain_untyped 42

            """.Replace("\r\n", "\n");

        var parsed = PrometheusText.Parse(text);

        var family = parsed.Families["odd_value"];
        Assert.Equal("gauge", family.Type);
        Assert.Equal("A help text with a \\ backslash and a\nsecond line", family.Help);
        var first = family.Samples[0];
        Assert.Equal("C:\\temp", first.Labels["path"]);
        Assert.Equal("say \"hi\"", first.Labels["quote"]);
        Assert.Equal("a\nb", first.Labels["multi"]);
        Assert.Equal(double.PositiveInfinity, first.Value);
        Assert.Equal(double.NegativeInfinity, parsed.Value("odd_value", ("path", "x")));
        Assert.Equal(1700000000000, family.Samples[1].Timestamp);
        Assert.True(double.IsNaN(parsed.Value("odd_value", ("path", "y"))));
        Assert.Equal(-0.0015, parsed.Value("odd_value", ("path", "z")), 10);
        Assert.Equal("untyped", parsed.Families["plain_untyped"].Type);
        Assert.Equal(42, parsed.Value("plain_untyped"));
    }

    [Fact]
    public void A_consistent_histogram_and_a_counter_with_total_suffix_parse()
    {
        var text = """
            # TYPE work_seconds histogram
            work_seconds_bucket{job="a",le="0.5"} 1
            work_seconds_bucket{job="a",le="1"} 3
            work_seconds_bucket{job="a",le="+Inf"} 4
            work_seconds_sum{job="a"} 3.25
            work_seconds_count{job="a"} 4
            # TYPE items counter
            items_total{job="a"} 7

            """.Replace("\r\n", "\n");

        var parsed = PrometheusText.Parse(text);

        Assert.Equal(5, parsed.Families["work_seconds"].Samples.Count);
        Assert.Equal(7, parsed.Value("items_total", ("job", "a")));
        Assert.Equal("counter", parsed.Families["items"].Type);
    }

    [Theory]
    [InlineData("m{a=\"x\\t\"} 1\n", "bad escape")]
    [InlineData("# HELP m say \\\"hi\\\"\nm 1\n", "bad escape")]
    [InlineData("m{a=\"x\"} 1", "end with a line feed")]
    [InlineData("1m 1\n", "bad metric name")]
    [InlineData("m{1a=\"x\"} 1\n", "bad label name")]
    [InlineData("m{__name__=\"x\"} 1\n", "reserved")]
    [InlineData("m{a=\"x\",a=\"y\"} 1\n", "label a twice")]
    [InlineData("m{a=\"x} 1\n", "unterminated")]
    [InlineData("m{a=x} 1\n", "no quoted value")]
    [InlineData("m 1 2 3\n", "value and an optional timestamp")]
    [InlineData("m Infinity\n", "bad value")]
    [InlineData("m 1\nm 2\n", "duplicate series")]
    [InlineData("a 1\nb 1\na{x=\"1\"} 1\n", "not contiguous")]
    [InlineData("m 1\n# TYPE m gauge\n", "after its samples")]
    [InlineData("# TYPE m gauge\n# TYPE m gauge\nm 1\n", "second TYPE")]
    [InlineData("# TYPE m meter\nm 1\n", "unknown type")]
    [InlineData("# TYPE c_total counter\nc_total -1\n", "counter c_total has value")]
    public void Malformed_input_is_rejected_with_its_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 4\n", "differs from _count")]
    [InlineData("h_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n", "counts fewer")]
    [InlineData("h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "is not above")]
    [InlineData("h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "no +Inf bucket")]
    [InlineData("h_bucket{le=\"+Inf\"} 1\nh_count 1\n", "no _sum")]
    [InlineData("h_bucket{le=\"+Inf\"} 1\nh_sum 1\n", "no _count")]
    [InlineData("h 1\n", "without _bucket")]
    public void Inconsistent_histograms_are_rejected(string samples, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE h histogram\n" + samples));
        Assert.Contains(reason, error.Message);
    }
}
