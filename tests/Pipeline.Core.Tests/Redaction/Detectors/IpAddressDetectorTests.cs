using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class IpAddressDetectorTests
{
    [Theory]
    [InlineData("Connect to 192.168.1.20.", "192.168.1.20")]
    [InlineData("host=10.0.0.255:8080", "10.0.0.255")]
    [InlineData("from 2001:db8:85a3::8a2e:370:7334 today", "2001:db8:85a3::8a2e:370:7334")]
    [InlineData("mapped ::ffff:192.0.2.128 here", "::ffff:192.0.2.128")]
    [InlineData("full fe80:0:0:0:202:b3ff:fe1e:8329 form", "fe80:0:0:0:202:b3ff:fe1e:8329")]
    public void An_ipv4_or_ipv6_address_is_found(string text, string address) =>
        Assert.Equal([address], Found.By(DetectorNames.IpAddress, text));

    [Theory]
    [InlineData("Version 1.2.3.4.5 released")]
    [InlineData("See section 2.3.59.1.1 for details")]
    [InlineData("Octets 256.1.1.1 and 1.1.1.300 are out of range")]
    [InlineData("Leading zeros 01.02.03.04")]
    [InlineData("At 12:30:45 the job ran")]
    [InlineData("C++ std::vector::size")]
    [InlineData("ratio 1:2:3")]
    public void Version_strings_times_and_out_of_range_octets_are_not_addresses(string text) =>
        Assert.Empty(Found.By(DetectorNames.IpAddress, text));
}
