using Messngr.Bench.Harness;

namespace Messngr.Bench.Peers;

/// <summary>A server under test running in its own bench namespace on the classic ports.</summary>
public interface IPeer : IDisposable
{
    PeerKind Kind { get; }

    /// <summary>For the table, e.g. "messngr (AOT)", "Samba 4.17 nmbd/smbd", "limit".</summary>
    string Label { get; }

    BenchHost Host { get; }

    /// <summary>The peer's computer name: query NAME&lt;00&gt;, send to NAME&lt;03&gt;.</summary>
    string NetBiosName { get; }

    /// <summary>Messages durably handed over so far: rows in messngr's store, lines in Samba's or the limit's log.</summary>
    long StoredCount();

    /// <summary>Both streams and logs, for error messages.</summary>
    string Describe();
}
