using System.Net;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Tests.Sending;

public sealed class RecipientParserTests
{
    private const string Label63 = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk";

    [Theory]
    [InlineData("bob", RecipientForm.Name, "bob", null)]
    [InlineData("*", RecipientForm.Workgroup, null, null)]
    [InlineData("/domain", RecipientForm.Workgroup, null, null)]
    [InlineData("/DOMAIN:LAB", RecipientForm.Workgroup, "LAB", null)]
    [InlineData("/Users", RecipientForm.LocalUsers, null, null)]
    [InlineData("bob@hostb", RecipientForm.NameAtHost, "bob", "hostb")]
    [InlineData("bob@10.0.0.5", RecipientForm.NameAtHost, "bob", "10.0.0.5")]
    [InlineData("alice@Files.Example.LAN", RecipientForm.NameAtHost, "alice", "Files.Example.LAN")]
    [InlineData("alice@files.example.lan.", RecipientForm.NameAtHost, "alice", "files.example.lan.")]
    [InlineData("alice@PC_07", RecipientForm.NameAtHost, "alice", "PC_07")]
    [InlineData("10.0.0.5", RecipientForm.Address, null, null)]
    [InlineData("PRINTSERVER-0001", RecipientForm.Name, null, null)]
    public void Windows_and_posix_spellings_parse(string text, RecipientForm kind, string? name, string? host)
    {
        if (text.Length > 15 && kind == RecipientForm.Name)
        {
            Assert.False(RecipientParser.TryParse(text, out _, out var error));
            Assert.Contains("longer than 15", error, StringComparison.Ordinal);
            return;
        }

        Assert.True(RecipientParser.TryParse(text, out var recipient, out var why), why);
        Assert.Equal(kind, recipient.Form);
        Assert.Equal(name, recipient.Name);
        Assert.Equal(host, recipient.Host);
    }

    [Fact]
    public void An_address_recipient_carries_the_address()
    {
        Assert.True(RecipientParser.TryParse("192.0.2.7", out var recipient, out _));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), recipient.Address);
        Assert.True(RecipientParser.TryParse("bob@192.0.2.7", out recipient, out _));
        Assert.Equal(IPAddress.Parse("192.0.2.7"), recipient.Address);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/everyone", "unknown recipient")]
    [InlineData("sixteen-chars-xx", "longer than 15")]
    [InlineData("bad*name", "'*' is not allowed")]
    [InlineData("bob@", "host after @")]
    [InlineData("bob@bad_host.example", "not an IPv4 address or a host name")]
    [InlineData("bob@-lead.example", "not an IPv4 address or a host name")]
    [InlineData("bob@a..b", "not an IPv4 address or a host name")]
    [InlineData("bob@host/x", "not an IPv4 address or a host name")]
    [InlineData("bob@" + Label63 + "x.example", "not an IPv4 address or a host name")]
    [InlineData("bob@x" + Label63 + "." + Label63 + "." + Label63 + "." + Label63, "not an IPv4 address or a host name")]
    [InlineData("@host", "name '' is not a valid NetBIOS name: it is empty")]
    [InlineData("/domain:", "workgroup '' is not a valid NetBIOS name: it is empty")]
    [InlineData("tab\tname", "\\x09")]
    public void Bad_recipients_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(RecipientParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob@10.0.0.7:2426", "bob", "10.0.0.7", 2426)]
    [InlineData("bob@files.example.lan:1", "bob", "files.example.lan", 1)]
    [InlineData("bob@HOSTB:65535", "bob", "HOSTB", 65535)]
    [InlineData("bob@10.0.0.7", "bob", "10.0.0.7", null)]
    public void Name_at_host_takes_a_port_for_the_native_transport(string text, string name, string host, int? port)
    {
        Assert.True(RecipientParser.TryParse(text, out var recipient, out var why), why);
        Assert.Equal((RecipientForm.NameAtHost, name, host, port), (recipient.Form, recipient.Name, recipient.Host, recipient.Port));
        Assert.Equal(text, recipient.Text);
    }

    [Theory]
    [InlineData("bob@10.0.0.7:0")]
    [InlineData("bob@10.0.0.7:65536")]
    [InlineData("bob@10.0.0.7:")]
    [InlineData("bob@10.0.0.7:http")]
    [InlineData("bob@10.0.0.7:-1")]
    [InlineData("bob@10.0.0.7:+80")]
    [InlineData("bob@10.0.0.7: 80")]
    public void A_port_that_is_not_1_to_65535_is_refused(string text)
    {
        Assert.False(RecipientParser.TryParse(text, out _, out var error));
        Assert.Contains("the port after : must be a number from 1 to 65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bob@:2426", "host after @ is missing")]
    [InlineData("bob@fe80::1", "not an IPv4 address or a host name")]
    [InlineData("bob@[::1]:2426", "not an IPv4 address or a host name")]
    public void A_port_needs_an_IPv4_address_or_a_host_name_before_it(string text, string reason)
    {
        Assert.False(RecipientParser.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
