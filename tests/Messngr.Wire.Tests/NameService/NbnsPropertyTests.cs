using System.Net;
using System.Net.NetworkInformation;
using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.NameService;

/// <summary>Random valid values of every NBNS type: write → read gives the same value and EncodedLength bytes.</summary>
public class NbnsPropertyTests
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly Gen<ushort> AnyUShort = Gen.Choose(0, ushort.MaxValue).Select(v => (ushort)v);

    private static readonly Gen<uint> AnyUInt = Gen.Choose(int.MinValue, int.MaxValue).Select(v => unchecked((uint)v));

    private static readonly Gen<IPAddress> AnyIPv4 = Gen.ArrayOf(AnyByte, 4).Select(b => new IPAddress(b));

    private static readonly Gen<NetBiosName> AnyName =
        Gen.ArrayOf(AnyByte, NetBiosName.Length).SelectMany(raw => Gen.Elements("", "", "LAB", "CORP.EXAMPLE").Select(scope => NetBiosName.FromRaw(raw, scope)));

    private static readonly Gen<NetBiosName> AnyScopelessName = Gen.ArrayOf(AnyByte, NetBiosName.Length).Select(raw => NetBiosName.FromRaw(raw));

    private static readonly Gen<string> AnyDomain =
        Gen.ListOf(Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), n)).Select(c => new string(c)))
            .Where(labels => labels.Count is > 0 and <= 4)
            .Select(labels => string.Join('.', labels));

    private static readonly Gen<NbAddressEntry> AnyEntry =
        from flags in AnyUShort
        from ip in AnyIPv4
        select new NbAddressEntry(new NbFlags(flags), ip);

    private static readonly Gen<NodeStatistics> AnyStatistics =
        from mac in Gen.ArrayOf(AnyByte, 6)
        from bytes in Gen.ArrayOf(AnyByte, 2)
        from words in Gen.ArrayOf(AnyUShort, 15)
        from good in Gen.ArrayOf(AnyUInt, 2)
        select new NodeStatistics
        {
            UnitId = new PhysicalAddress(mac), Jumpers = bytes[0], TestResult = bytes[1], VersionNumber = words[0], PeriodOfStatistics = words[1],
            NumberOfCrcs = words[2], NumberAlignmentErrors = words[3], NumberOfCollisions = words[4], NumberSendAborts = words[5],
            NumberGoodSends = good[0], NumberGoodReceives = good[1], NumberRetransmits = words[6], NumberNoResourceConditions = words[7],
            NumberFreeCommandBlocks = words[8], TotalNumberCommandBlocks = words[9], MaxTotalNumberCommandBlocks = words[10],
            NumberPendingSessions = words[11], MaxNumberPendingSessions = words[12], MaxTotalSessionsPossible = words[13], SessionDataPacketSize = words[14],
        };

    private static readonly Gen<NodeStatusRData> AnyNodeStatus =
        from count in Gen.Choose(0, 20)
        from names in Gen.ArrayOf(AnyScopelessName.SelectMany(n => AnyUShort.Select(f => new NodeStatusName(n, new NodeNameFlags(f)))), count)
        from statistics in AnyStatistics
        select new NodeStatusRData(names, statistics);

    private static Gen<byte[]> Bytes(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    /// <summary>Any record that is not a WACK answer; <paramref name="question"/> may be pointed at.</summary>
    private static Gen<NbnsResourceRecord> AnyRecord(NetBiosName? question)
    {
        var name = question is null
            ? AnyName.Select(n => NbnsRecordName.FromNetBios(n))
            : Gen.OneOf(AnyName.Select(n => NbnsRecordName.FromNetBios(n)), Gen.Constant(NbnsRecordName.FromNetBios(question, NbnsPackets.QuestionNameOffset)));
        var typed = Gen.OneOf(
            Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(AnyEntry, n)).Select(e => (NbnsRrType.NB, (NbnsRData)new NbRData(e))),
            AnyNodeStatus.Select(s => (NbnsRrType.NBSTAT, (NbnsRData)s)),
            Bytes(8).Select(b => (NbnsRrType.NULL, (NbnsRData)new NullRData(b))),
            AnyDomain.Select(d => (NbnsRrType.NS, (NbnsRData)new NameServerRData(NbnsRecordName.FromDomain(d)))),
            AnyUShort.Where(t => !Enum.IsDefined((NbnsRrType)t)).SelectMany(t => Bytes(20).Select(b => ((NbnsRrType)t, (NbnsRData)new UnknownRData(b)))));
        var netBiosRecord =
            from n in name
            from t in typed
            from ttl in AnyUInt
            from cls in Gen.Elements(NbnsResourceRecord.ClassIN, NbnsResourceRecord.ClassIN, (ushort)3)
            select new NbnsResourceRecord(n, t.Item1, ttl, t.Item2, cls);
        var addressRecord =
            from d in AnyDomain
            from ip in AnyIPv4
            from ttl in AnyUInt
            select new NbnsResourceRecord(NbnsRecordName.FromDomain(d), NbnsRrType.A, ttl, new AddressRData(ip));
        return Gen.Frequency((5, netBiosRecord), (1, addressRecord));
    }

    private static Gen<NbnsResourceRecord[]> Records(NetBiosName? question, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(AnyRecord(question), n));

    private static readonly Gen<NbnsPacket> AnyPacket =
        from id in AnyUShort
        from flags in AnyUShort.Select(f => new NbnsFlags(f)).Where(f => f.Opcode != NbnsOpcode.Wack)
        from questionCount in Gen.Choose(0, 2)
        from questions in Gen.ArrayOf(AnyName.SelectMany(n => Gen.Elements(NbnsRrType.NB, NbnsRrType.NBSTAT).Select(t => new NbnsQuestion(n, t))), questionCount)
        from answers in Records(questions.FirstOrDefault()?.Name, 3)
        from authorities in Records(questions.FirstOrDefault()?.Name, 2)
        from additionals in Records(questions.FirstOrDefault()?.Name, 2)
        select new NbnsPacket(id, flags, questions, answers, authorities, additionals);

    private static readonly Gen<NbnsPacket> AnyWack =
        from id in AnyUShort
        from name in AnyName
        from ttl in AnyUInt
        from requestFlags in AnyUShort
        select NbnsPackets.Wack(id, name, ttl, new NbnsFlags(requestFlags));

    private static readonly Gen<NbnsPacket> AnyCatalogueRequest =
        from id in AnyUShort
        from name in AnyName
        from entry in AnyEntry
        from ttl in AnyUInt
        from broadcast in Gen.Elements(true, false)
        from kind in Gen.Choose(0, 4)
        select kind switch
        {
            0 => NbnsPackets.RegistrationRequest(id, name, entry, ttl, broadcast),
            1 => NbnsPackets.OverwriteDemand(id, name, entry, ttl, broadcast),
            2 => NbnsPackets.RefreshRequest(id, name, entry, ttl, broadcast),
            3 => NbnsPackets.ReleaseRequest(id, name, entry, broadcast),
            _ => NbnsPackets.MultiHomedRegistrationRequest(id, name, entry, ttl),
        };

    [Fact]
    public void Any_nbns_packet_round_trips() => RoundTrips(AnyPacket);

    [Fact]
    public void Any_wack_round_trips() => RoundTrips(AnyWack);

    [Fact]
    public void Any_registration_style_request_round_trips_with_its_label_pointer()
    {
        Prop.ForAll(AnyCatalogueRequest.ToArbitrary(), packet =>
        {
            var bytes = packet.ToArray();
            var pointerAt = NbnsHeader.Length + NetBiosNameCodec.GetEncodedLength(packet.Question!.Name) + 4;
            Assert.Equal("c00c", Hex.Format(bytes.AsSpan(pointerAt, 2)));
            Assert.True(NbnsPacket.TryParse(bytes, out var again, out _));
            Assert.Equal(packet, again);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_header_round_trips_and_flags_compose_from_their_fields()
    {
        Prop.ForAll(Gen.ArrayOf(AnyUShort, 6).ToArbitrary(), words =>
        {
            var header = new NbnsHeader(words[0], new NbnsFlags(words[1]), words[2], words[3], words[4], words[5]);
            var bytes = WirePacket.ToArray(header);
            Assert.True(WirePacket.TryParse<NbnsHeader>(bytes, out var again, out _));
            Assert.Equal(header, again);
            var f = header.Flags;
            var composed = NbnsFlags.Create(
                f.Opcode, f.IsResponse, f.IsAuthoritativeAnswer, f.IsTruncated, f.IsRecursionDesired, f.IsRecursionAvailable, f.IsBroadcast, f.Rcode);
            Assert.Equal(f.Value & ~0x0060, composed.Value);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_node_status_entry_and_statistics_round_trip()
    {
        Prop.ForAll(AnyStatistics.ToArbitrary(), statistics =>
        {
            var bytes = WirePacket.ToArray(statistics);
            Assert.Equal(NodeStatistics.Length, bytes.Length);
            Assert.True(WirePacket.TryParse<NodeStatistics>(bytes, out var again, out _));
            Assert.Equal(statistics, again);
        }).QuickCheckThrowOnFailure();
        Prop.ForAll(AnyEntry.ToArbitrary(), entry =>
        {
            Assert.True(WirePacket.TryParse<NbAddressEntry>(WirePacket.ToArray(entry), out var again, out _));
            Assert.Equal(entry, again);
        }).QuickCheckThrowOnFailure();
    }

    private static void RoundTrips(Gen<NbnsPacket> gen)
    {
        Prop.ForAll(gen.ToArbitrary(), packet =>
        {
            var bytes = packet.ToArray();
            Assert.True(NbnsPacket.TryParse(bytes, out var again, out var error), $"{error}: {packet}");
            Assert.Equal(packet, again);
            Assert.Equal(Hex.Format(bytes), Hex.Format(again!.ToArray()));
        }).QuickCheckThrowOnFailure();
    }
}
