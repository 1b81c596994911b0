using Messngr.Cli.Integrations.Ipp;

namespace Messngr.Daemon.Tests.Integrations;

/// <summary>The IPP reader of the CUPS notifier (issue #15, item 4): total, typed errors, bounded.</summary>
public sealed class IppMessageReaderTests
{
    private static readonly byte[] Event = IppTestWriter.JobCompleted(42, "report.pdf", "office", owner: "alice");

    /// <summary>A job-completed event as CUPS 2.4.2's cupsd wrote it to a notifier's stdin (captured here: printer office, job 1, lp -t report.pdf).</summary>
    private static readonly byte[] CupsdEvent = Convert.FromHexString(
        "02000000000000000747000e6e6f746966792d6368617273657400057574662d384800176e6f746966792d6e61747572" +
        "616c2d6c616e67756167650005656e2d75732100166e6f746966792d737562736372697074696f6e2d69640004000000" +
        "012100166e6f746966792d73657175656e63652d6e756d6265720004000000014400176e6f746966792d737562736372" +
        "696265642d6576656e74000d6a6f622d636f6d706c6574656421000f7072696e7465722d75702d74696d6500046b16d7" +
        "3b41000b6e6f746966792d74657874000e4a6f6220636f6d706c657465642e4500126e6f746966792d7072696e746572" +
        "2d75726900186970703a2f2f766d2f7072696e746572732f6f666669636542000c7072696e7465722d6e616d6500066f" +
        "666669636523000d7072696e7465722d73746174650004000000044400157072696e7465722d73746174652d72656173" +
        "6f6e7300046e6f6e652200197072696e7465722d69732d616363657074696e672d6a6f627300010121000d6e6f746966" +
        "792d6a6f622d69640004000000012300096a6f622d73746174650004000000094200086a6f622d6e616d65000a726570" +
        "6f72742e7064664400116a6f622d73746174652d726561736f6e73001a6a6f622d636f6d706c657465642d7375636365" +
        "737366756c6c792100196a6f622d696d7072657373696f6e732d636f6d706c6574656400040000000003");

    [Fact]
    public void The_event_a_real_cupsd_wrote_is_read()
    {
        Assert.True(IppMessageReader.TryParse(CupsdEvent, out var message, out var error), error.ToString());
        var job = Cli.Integrations.CupsJobEvent.From(message!)!;
        Assert.Equal(1, job.JobId);
        Assert.Equal("report.pdf", job.JobName);
        Assert.Equal("office", job.Printer);
        Assert.Equal(9, job.JobState);
        Assert.Null(job.Owner); // cupsd's events carry no job-originating-user-name
        Assert.Equal("Your print job 1 (report.pdf) on office is done", job.Alert(null).Text);
    }

    [Fact]
    public void A_cupsd_job_completed_event_is_read_with_its_attributes()
    {
        Assert.True(IppMessageReader.TryParse(Event, out var message, out var error), error.ToString());
        Assert.Equal(2, message!.MajorVersion);
        Assert.Equal("job-completed", message.Text("notify-subscribed-event"));
        Assert.Equal(42, message.Integer("notify-job-id"));
        Assert.Equal(9, message.Integer("job-state"));
        Assert.Equal("report.pdf", message.Text("job-name"));
        Assert.Equal("office", message.Text("printer-name"));
        Assert.Equal("alice", message.Text("job-originating-user-name"));
        Assert.Equal(IppMessage.EventNotificationGroup, message.Find("job-name")!.Group);
    }

    [Fact]
    public void Every_proper_prefix_is_truncated()
    {
        for (var length = 1; length < Event.Length; length++)
        {
            Assert.False(IppMessageReader.TryParse(Event[..length], out _, out var error));
            Assert.Equal(IppError.Truncated, error);
        }
    }

    [Fact]
    public async Task Events_written_one_after_another_are_read_one_by_one_until_the_stream_ends()
    {
        using var stream = new MemoryStream([.. Event, .. IppTestWriter.JobCompleted(43, "b", "lab")]);
        var reader = new IppMessageReader(stream);
        Assert.Equal(42, (await reader.ReadAsync(CancellationToken.None))!.Integer("notify-job-id"));
        Assert.Equal(43, (await reader.ReadAsync(CancellationToken.None))!.Integer("notify-job-id"));
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public void A_length_past_the_budget_is_too_large_before_it_is_read()
    {
        var huge = new IppTestWriter().Group(0x07).Attribute(0x41, "notify-text", new byte[60_000]).Attribute(0x41, "more", new byte[10_000]).End();
        Assert.False(IppMessageReader.TryParse(huge, out _, out var error));
        Assert.Equal(IppError.TooLarge, error);
    }

    [Fact]
    public void An_integer_of_the_wrong_length_is_rejected()
    {
        var bad = new IppTestWriter().Group(0x07).Attribute(0x21, "notify-job-id", [0, 1]).End();
        Assert.False(IppMessageReader.TryParse(bad, out _, out var error));
        Assert.Equal(IppError.BadValueLength, error);
    }

    [Fact]
    public void An_attribute_before_any_group_is_rejected()
    {
        var bad = new IppTestWriter().Text(0x41, "notify-text", "x").End();
        Assert.False(IppMessageReader.TryParse(bad, out _, out var error));
        Assert.Equal(IppError.AttributeOutsideGroup, error);
    }

    [Fact]
    public void An_additional_value_without_an_attribute_is_rejected()
    {
        var bad = new IppTestWriter().Group(0x07).Text(0x41, string.Empty, "x").End();
        Assert.False(IppMessageReader.TryParse(bad, out _, out var error));
        Assert.Equal(IppError.AdditionalValueWithoutAttribute, error);
    }

    [Fact]
    public void Another_version_is_rejected()
    {
        Assert.False(IppMessageReader.TryParse([9, 0, 0, 0, 0, 0, 0, 1, 3], out _, out var error));
        Assert.Equal(IppError.UnsupportedVersion, error);
    }

    [Fact]
    public void Collections_are_checked_and_their_members_not_kept()
    {
        var ok = new IppTestWriter().Group(0x07)
            .Attribute(0x34, "media-col", [])
            .Text(0x4A, string.Empty, "media-size")
            .Attribute(0x34, string.Empty, [])
            .Text(0x4A, string.Empty, "x-dimension")
            .Integer(0x21, string.Empty, 21000)
            .Attribute(0x37, string.Empty, [])
            .Attribute(0x37, string.Empty, [])
            .Text(0x42, "job-name", "after")
            .End();
        Assert.True(IppMessageReader.TryParse(ok, out var message, out var error), error.ToString());
        Assert.Equal(["media-col", "job-name"], message!.Attributes.Select(a => a.Name));

        var open = new IppTestWriter().Group(0x07).Attribute(0x34, "media-col", []).End();
        Assert.False(IppMessageReader.TryParse(open, out _, out error));
        Assert.Equal(IppError.UnbalancedCollection, error);

        var close = new IppTestWriter().Group(0x07).Attribute(0x37, string.Empty, []).End();
        Assert.False(IppMessageReader.TryParse(close, out _, out error));
        Assert.Equal(IppError.UnbalancedCollection, error);
    }

    [Fact]
    public void Collections_nested_too_deep_are_rejected()
    {
        var w = new IppTestWriter().Group(0x07);
        for (var i = 0; i <= IppMessageReader.MaxCollectionDepth; i++)
        {
            w.Attribute(0x34, i == 0 ? "c" : string.Empty, []);
        }

        Assert.False(IppMessageReader.TryParse(w.End(), out _, out var error));
        Assert.Equal(IppError.CollectionTooDeep, error);
    }

    [Fact]
    public void Too_many_attributes_are_rejected()
    {
        var w = new IppTestWriter().Group(0x07);
        for (var i = 0; i <= IppMessageReader.MaxAttributes; i++)
        {
            w.Attribute(0x22, "b", [0]);
        }

        Assert.False(IppMessageReader.TryParse(w.End(), out _, out var error));
        Assert.Equal(IppError.TooManyAttributes, error);
    }

    [Fact]
    public void A_text_with_language_whose_lengths_do_not_add_up_is_rejected()
    {
        Assert.True(IppMessageReader.TryParse(new IppTestWriter().Group(0x07).Attribute(0x35, "notify-text", [0, 2, (byte)'e', (byte)'n', 0, 2, (byte)'h', (byte)'i']).End(), out var message, out _));
        Assert.Equal("hi", message!.Text("notify-text"));
        Assert.False(IppMessageReader.TryParse(new IppTestWriter().Group(0x07).Attribute(0x35, "notify-text", [0, 9, (byte)'e', 0, 2]).End(), out _, out var error));
        Assert.Equal(IppError.BadTextWithLanguage, error);
    }

    [Fact]
    public void Random_bytes_and_mutated_events_give_a_message_or_a_typed_error_and_nothing_else()
    {
        var random = new Random(15_4);
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
                if (input.Length > 0)
                {
                    input[0] = (byte)random.Next(1, 3);
                }
            }
            else
            {
                input = [.. Event];
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            var ok = IppMessageReader.TryParse(input, out var message, out _);
            Assert.Equal(ok, message is not null);
        }
    }
}
