namespace Messngr.Daemon.Core;

/// <summary>
/// Every bound the daemon keeps on what a peer, a local user or a flood can make it hold: one
/// record, so the numbers are in one place and tests can shrink them (<c>Default with { … }</c>).
/// What an admin may change is an option (README); these are the engineering bounds behind it.
/// </summary>
internal sealed record DaemonLimits
{
    public static DaemonLimits Default { get; } = new();

    // ── Session service (TCP 139) ────────────────────────────────────────────────────────────

    /// <summary>NBSS connections open at once, all sources together.</summary>
    public int MaxSessionConnections { get; init; } = 64;

    /// <summary>NBSS connections open at once from one source address; more are refused at accept.</summary>
    public int MaxSessionConnectionsPerSource { get; init; } = 8;

    /// <summary>A session silent between frames for this long is closed (RFC 1002 §6 SSN_KEEP_ALIVE_TIMEOUT, 60 s).</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A frame must be complete this long after its first byte arrived; unlike the idle timeout it is
    /// not reset by every byte, so a peer trickling a frame cannot hold its connection.
    /// </summary>
    public TimeSpan SessionFrameDeadline { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The first frame (the session request) must be complete this long after accept.</summary>
    public TimeSpan SessionFirstFrameDeadline { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A reply the peer does not take within this long closes the session (a peer that never reads).</summary>
    public TimeSpan SessionWriteTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Pause after a failed accept (EMFILE, ENOBUFS) before the next one, so the loop does not spin.</summary>
    public TimeSpan SessionAcceptRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    // ── UDP listeners ────────────────────────────────────────────────────────────────────────

    /// <summary>Largest datagram read; NetBIOS datagrams are well below (RFC 1002 §6: 576).</summary>
    public int MaxDatagram { get; init; } = 2048;

    /// <summary>Answered NetrSendMessage calls kept to answer retransmissions (at-most-once).</summary>
    public int RpcCallCacheCapacity { get; init; } = 4096;

    /// <summary>How long an answered RPC call is remembered.</summary>
    public TimeSpan RpcCallCacheLifetime { get; init; } = TimeSpan.FromMinutes(2);

    // ── Policy ───────────────────────────────────────────────────────────────────────────────

    /// <summary>Sources one listener's rate limiter tracks at once (each listener has its own).</summary>
    public int MaxRateLimitedSources { get; init; } = 4096;

    // ── Pipeline, store and feed ─────────────────────────────────────────────────────────────

    /// <summary>Accepted messages waiting for their commit.</summary>
    public int PipelineCapacity { get; init; } = 1024;

    /// <summary>Messages committed in one transaction at most.</summary>
    public int MaxCommitBatch { get; init; } = 256;

    /// <summary>Committed messages waiting for one live listener (<c>messngr listen</c>).</summary>
    public int FeedSubscriberCapacity { get; init; } = 256;

    /// <summary>Live listeners at once.</summary>
    public int MaxFeedSubscribers { get; init; } = 64;

    /// <summary>Rows one retention step deletes at most (one short transaction; the writer is never held long).</summary>
    public int RetentionBatch { get; init; } = 1000;

    /// <summary>How often retention runs (it also runs once at start).</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows a history answer holds at most, whatever the caller asks.</summary>
    public int MaxHistory { get; init; } = 10_000;

    // ── Control socket ───────────────────────────────────────────────────────────────────────

    /// <summary>Control connections open at once.</summary>
    public int MaxControlConnections { get; init; } = 64;

    // ── Sinks (terminals, exec hook, standard output) ────────────────────────────────────────

    /// <summary>
    /// Committed messages waiting for one sink; each sink has its own queue and worker, so a slow
    /// sink never holds up intake or the others. When full, the sink's copy is dropped and counted
    /// (<c>droppedSink.NAME</c>); the message stays in history.
    /// </summary>
    public int SinkQueueCapacity { get; init; } = 1024;

    /// <summary>Messages waiting for one terminal device.</summary>
    public int TerminalQueueCapacity { get; init; } = 64;

    /// <summary>Terminal devices with a queue at once (idle ones are forgotten to make room).</summary>
    public int MaxTerminals { get; init; } = 1024;

    /// <summary>How long a terminal that took no output within the tty write timeout is skipped.</summary>
    public TimeSpan StuckTerminalBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an SMB session waits for its message's commit before it answers ERRnoroom (the
    /// message may still be committed later; the sender is then told "no room" and may resend).
    /// </summary>
    public TimeSpan SessionCommitDeadline { get; init; } = TimeSpan.FromSeconds(10);

    // ── DCE/RPC over UDP 135 (issue #11, items 11 and 12) ───────────────────────────────────

    /// <summary>
    /// Largest datagram the RPC listener reads: the largest IPv4 UDP payload, so any CL PDU a client
    /// may send (C706 §12.5: len is 16 bits; DCE clients fragment at their max_frag_size, 1,464
    /// bytes or more) is read whole; a smaller buffer would truncate it and the call would be lost.
    /// </summary>
    public int RpcMaxDatagram { get; init; } = 65_507;

    /// <summary>Fragments of one fragmented call (fragnum must be below this).</summary>
    public int RpcMaxFragmentsPerCall { get; init; } = 64;

    /// <summary>Stub bytes of one reassembled call: far above three OEM strings of a NetrSendMessage.</summary>
    public int RpcMaxCallBytes { get; init; } = 64 * 1024;

    /// <summary>Fragmented calls being reassembled at once, all sources together.</summary>
    public int RpcMaxReassemblies { get; init; } = 64;

    /// <summary>Fragmented calls one source address may have in reassembly at once.</summary>
    public int RpcMaxReassembliesPerSource { get; init; } = 8;

    /// <summary>Stub bytes held by all reassemblies together.</summary>
    public int RpcMaxReassemblyBytes { get; init; } = 1024 * 1024;

    /// <summary>A fragmented call not complete this long after its first fragment is dropped.</summary>
    public TimeSpan RpcReassemblyDeadline { get; init; } = TimeSpan.FromSeconds(30);

    // ── Message model and outbox (issue #13, item 1) ──────────────────────────────────────────

    /// <summary>
    /// Messages the sender's outbox holds, waiting and finished together; finished ones (stored,
    /// expired, failed) are dropped oldest first to make room, and when all are waiting a new one
    /// is refused (<see cref="EnqueueOutcome.Full"/>).
    /// </summary>
    public int MaxOutbox { get; init; } = 10_000;

    /// <summary>Outbox messages one <c>ExpireDue</c> step expires at most (a bounded transaction).</summary>
    public int ExpireBatch { get; init; } = 500;

    // ── Native transport (TLS 1.3, issue #13 item 3) ────────────────────────────────────────

    /// <summary>Native connections open at once, all sources together (taken at accept, before the handshake).</summary>
    public int MaxNativeConnections { get; init; } = 256;

    /// <summary>Native connections open at once from one source address; more are reset at accept.</summary>
    public int MaxNativeConnectionsPerSource { get; init; } = 8;

    /// <summary>The TLS handshake (both roles) must be complete this long after the TCP connection.</summary>
    public TimeSpan NativeHandshakeDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A client's TCP connect must succeed within this long.</summary>
    public TimeSpan NativeConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A frame must be complete this long after its first byte arrived; not reset by every byte, so a
    /// peer that stalls or trickles mid-frame loses its connection.
    /// </summary>
    public TimeSpan NativeFrameDeadline { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection with no frame sent or received for this long is closed.</summary>
    public TimeSpan NativeIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>A frame the peer does not take within this long closes the connection (a peer that never reads).</summary>
    public TimeSpan NativeWriteTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest frame (the bytes after the u32 length prefix); a larger prefix closes the connection before anything is allocated.</summary>
    public int NativeMaxFrameLength { get; init; } = 256 * 1024;

    /// <summary>Received frames one connection holds before its reader stops reading (back-pressure to the peer).</summary>
    public int NativeReceiveQueue { get; init; } = 64;

    /// <summary>Pause after a failed accept (EMFILE, ENOBUFS) before the next one.</summary>
    public TimeSpan NativeAcceptRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Outgoing connections the pool keeps at once (one per peer); the least recently used goes first.</summary>
    public int NativePoolCapacity { get; init; } = 256;

    /// <summary>A pooled outgoing connection unused for this long is closed (below <see cref="NativeIdleTimeout"/>, so the client closes first).</summary>
    public TimeSpan NativePoolIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    // ── Native delivery (sessions and sends, issue #13 items 3, 6 and 8) ────────────────────

    /// <summary>After the TLS handshake the connecting node must send HELLO within this long (docs/native-protocol.md §3).</summary>
    public TimeSpan NativeHelloTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After GOODBYE, outstanding requests are answered for at most this long (§3, CLOSING).</summary>
    public TimeSpan NativeGoodbyeDrain { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>MAX-IN-FLIGHT this node advertises: unanswered requests a peer may have towards it (§6.3, default 256).</summary>
    public int NativeMaxInFlight { get; init; } = 256;

    /// <summary>A MESSAGE created longer ago than this is refused <c>expired</c> (§11, the dedupe window).</summary>
    public TimeSpan NativeDedupeWindow { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A MESSAGE created further than this in our future is refused <c>clock-skew</c> (§11).</summary>
    public TimeSpan NativeAllowedClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long <c>send --native</c> waits for the receiver's <c>stored</c> (or refused) receipt, connect included.</summary>
    public TimeSpan NativeSendTimeout { get; init; } = TimeSpan.FromSeconds(20);

    // LAN discovery (issue #13, item 5; docs/native-protocol.md §9).

    /// <summary>§9.1: a node announces at start and then this often.</summary>
    public TimeSpan DiscoveryAnnounceInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the announce loop looks at this node's names: a name added or deleted is announced within this time, not at the next interval.</summary>
    public TimeSpan DiscoveryNameCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>§9.4: however many PROBEs arrive, at most one ANNOUNCE answers them per this interval.</summary>
    public TimeSpan DiscoveryProbeAnswerInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Nodes the peer table lists at once; a hostile host minting keys displaces only untrusted rows.</summary>
    public int DiscoveryMaxPeers { get; init; } = 256;

    /// <summary>Node ids whose last (TIMESTAMP, SEQUENCE) is remembered for §9.5; a newcomer beyond it is refused, never a live pair forgotten.</summary>
    public int DiscoveryReplayCapacity { get; init; } = 1024;

    /// <summary>Entries of <c>native peers</c>.</summary>
    public int DiscoveryMaxStaticPeers { get; init; } = 64;

    // ── Display and read receipts (issue #13, item 6: the receiver's user side) ─────────────

    /// <summary>
    /// Messages shown (on a terminal or to a <c>listen</c> client) waiting for the receipt reporter:
    /// a slow or stuck reporter fills this queue and later reports are dropped (logged), so showing a
    /// message never waits for its receipt.
    /// </summary>
    public int DisplayedReceiptQueue { get; init; } = 1024;

    // ── Outbox delivery: store-and-forward (issue #13, items 7 and 8) ───────────────────────

    /// <summary>First retry delay of a message whose node was down or refused for a while; doubles per attempt.</summary>
    public TimeSpan OutboxRetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The retry delay never grows beyond this.</summary>
    public TimeSpan OutboxRetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Each retry delay is moved by up to this fraction either way, so senders to one node do not retry in step.</summary>
    public double OutboxRetryJitter { get; init; } = 0.2;

    /// <summary>Nodes attempted at once by the outbox loop (each node's messages go pipelined over its one connection).</summary>
    public int OutboxParallelNodes { get; init; } = 32;

    /// <summary>Due messages one pass of the outbox loop takes at most (the next pass takes the rest).</summary>
    public int OutboxDueBatch { get; init; } = 1024;

    /// <summary>How often a wait for a receipt looks at the store for receipts recorded by other code (displayed, read).</summary>
    public TimeSpan OutboxWaitPoll { get; init; } = TimeSpan.FromMilliseconds(250);

    // ── Receipts (displayed/read back to the sender's node, issue #13 item 6) ───────────────

    /// <summary>Displayed/read receipts the receiver's queue holds; when full the oldest is dropped (and logged).</summary>
    public int MaxQueuedReceipts { get; init; } = 10_000;

    /// <summary>Queued receipts one dispatcher pass sends at most (a bounded read of the queue).</summary>
    public int ReceiptBatch { get; init; } = 256;

    /// <summary>The first retry of a receipt that got no ACK; doubled per failed attempt up to <see cref="ReceiptRetryMax"/>.</summary>
    public TimeSpan ReceiptRetryInitial { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between two attempts at one receipt.</summary>
    public TimeSpan ReceiptRetryMax { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>A receipt is given up this long after it was reached (sooner when the message expires).</summary>
    public TimeSpan ReceiptGiveUpAfter { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The dispatcher looks at the queue at least this often, even when nothing woke it.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one pass waits for the sender's node to ACK what it sent, connect included.</summary>
    public TimeSpan ReceiptAckTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The sender's side: how long a displayed/read RECEIPT for a message whose delivery is not yet
    /// recorded (sent, its <c>stored</c> answer still being committed) waits for that record before it
    /// is judged. Well below <see cref="ReceiptAckTimeout"/>, so the receiver still hears the ACK.
    /// </summary>
    public TimeSpan ReceiptDeliveryWait { get; init; } = TimeSpan.FromSeconds(5);

    // ── Native sending through the control socket (issue #13, item 8) ──────────────────────

    /// <summary>
    /// Messages one local uid may have waiting in the shared outbox (<see cref="MaxOutbox"/>) at
    /// once; <c>POST /v1/send</c> answers 429 beyond it, so one user cannot fill the outbox and
    /// block everyone else's messages.
    /// </summary>
    public int MaxWaitingPerUser { get; init; } = 1_000;

    /// <summary>Longest <c>GET /v1/sent/{id}?wait=…&amp;timeout=S</c> (<c>send --wait --time S</c>).</summary>
    public TimeSpan MaxSentWait { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Largest <c>POST /v1/send</c> body: 65,536 bytes of text JSON-escaped (≤ 6 bytes each) and the other fields.</summary>
    public int MaxSendRequestBytes { get; init; } = (6 * 65_536) + 4096;

    // ── Native send performance (issue #13, perf) ────────────────────────────────────────────

    /// <summary>
    /// Outbox and receipt writes one group transaction takes at most (SqliteMessageStore.GroupWrite.cs):
    /// the writes queued while the previous transaction committed share one fsync.
    /// </summary>
    public int OutboxWriteBatch { get; init; } = 256;

    // ── Sending to many recipients in one control request (issue #13, many) ─────────────────

    /// <summary>
    /// Recipients one <c>POST /v1/send</c> may list (<c>recipients</c>, <c>send @FILE</c>); a longer
    /// list is refused with 400 and nothing is sent. All of them count against
    /// <see cref="MaxWaitingPerUser"/> at once.
    /// </summary>
    public int MaxSendRecipients { get; init; } = 256;

    /// <summary>
    /// Body bytes each <c>recipients</c> entry may add to <see cref="MaxSendRequestBytes"/>: NAME (64
    /// bytes) @ HOST (253) : PORT, JSON-escaped (at most 6 bytes each), quotes and comma, with room.
    /// </summary>
    public int MaxSendRecipientBytes { get; init; } = 2048;

    // ── Quiet hours and do not disturb (issue #14, item 3) ──────────────────────────────────

    /// <summary>
    /// Held messages a display (<c>GET /v1/listen?display=NAME</c>) shows when its user's quiet
    /// time ends, oldest first: the newest this many (at most the 1000 of history); older held ones
    /// stay in history. A flood while quiet is bounded by the store (<c>max messages</c>) first.
    /// </summary>
    public int QuietReleaseMax { get; init; } = 1_000;

    /// <summary>Longest a display holding messages waits before it reads the clock again (the end of quiet is also awaited directly).</summary>
    public TimeSpan QuietRecheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    // ── The web page (issue #14, item 2; Web/WebServer.cs) ──────────────────────────────────

    /// <summary>
    /// Concurrent TCP connections of the web listener (each open page holds one for its event
    /// stream, and a browser opens up to six per origin); Kestrel closes connections beyond it.
    /// </summary>
    public int MaxWebConnections { get; init; } = 64;

    // ── Web page, second part (issue #14, items 2 and 3; Control/ControlAnySendEndpoints.cs, Web/) ──

    /// <summary>
    /// <c>POST /v1/send/any</c> sends of one uid at once (each may wait up to the classic timeout
    /// for its receiver); 429 beyond, so one user cannot keep the daemon's sockets busy for others.
    /// One cap for every daemon-side send of the uid together (/v1/send/any and replies, the HTTP
    /// API's publish, the Alertmanager receiver; on every listener): <see cref="Sending.PerUserSendSlots"/>.
    /// </summary>
    public int MaxAnySendsInFlightPerUser { get; init; } = 4;

    /// <summary>
    /// Body bytes of one <c>POST /v1/send/any</c>: the text of <c>messngr send</c> (64 Ki
    /// characters), JSON-escaped at most 6 bytes each, plus the other fields.
    /// </summary>
    public int MaxAnySendRequestBytes { get; init; } = (6 * 64 * 1024) + 4096;

    /// <summary>
    /// Event streams (<c>GET /api/v1/events</c>) one uid may hold open on the web listener; 429
    /// beyond, so one local user cannot take every one of <see cref="MaxWebConnections"/>.
    /// </summary>
    public int MaxWebStreamsPerUser { get; init; } = 8;

    /// <summary>
    /// How long a web connection may take to send its request headers (Kestrel's
    /// RequestHeadersTimeout) and may sit idle between requests (KeepAliveTimeout): a connection
    /// that never authenticates gives its slot back after this.
    /// </summary>
    public TimeSpan WebHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    // ── The desktop agent (issue #14, item 1; messngr agent) ────────────────────────────────

    /// <summary>
    /// Read events (<c>GET /v1/listen?display=NAME&amp;events=read</c>) queued for one display stream
    /// that is not reading them; beyond it the oldest are dropped (that display may leave a
    /// notification of a message read elsewhere open), never the reader or another display delayed.
    /// </summary>
    public int DisplayReadEventQueue { get; init; } = 256;

    // ── Terminal quiet hours (issue #14, item 3; Sinks/TtyQuietHolding.cs) ───────────────────

    /// <summary>
    /// Users whose terminal messages may be held at once (each costs one mark, never the messages);
    /// beyond it a quiet user's messages are written as before (fails open), with a log line.
    /// </summary>
    public int TtyHeldUsersMax { get; init; } = 4096;

    /// <summary>Times a critical message not yet read is written again (<c>critical repeat</c>): an hour at the default 5 minutes.</summary>
    public int CriticalRepeatMax { get; init; } = 12;

    /// <summary>Critical messages one user is reminded of at once; a newer one pushes out the oldest (logged).</summary>
    public int CriticalRemindersPerUser { get; init; } = 16;

    /// <summary>Critical messages reminded of at once, all users together; a newer one pushes out the oldest (logged).</summary>
    public int CriticalRemindersMax { get; init; } = 256;

    // ── The Alerter's names (issue #15, item 3; alert names, messngr alert) ─────────────────

    /// <summary>Entries of <c>alert names</c>: an alert goes to each, so a short list.</summary>
    public int AlertNamesMax { get; init; } = 32;

    // ── The HTTP API (issue #15, item 1; Api/ApiServer.cs, api listen, messngr token) ─────────

    /// <summary>API tokens stored, all users together (<c>messngr token add</c> refuses beyond).</summary>
    public int MaxApiTokens { get; init; } = 1024;

    /// <summary>API tokens one uid may hold.</summary>
    public int MaxApiTokensPerUser { get; init; } = 64;

    /// <summary><c>--send-to</c> patterns of one token.</summary>
    public int MaxApiScopePatterns { get; init; } = 16;

    /// <summary>Recipients of one <c>POST /v1/messages</c>.</summary>
    public int MaxApiRecipients { get; init; } = 32;

    /// <summary>Connections the API's Kestrel holds at once (MaxConcurrentConnections).</summary>
    public int MaxApiConnections { get; init; } = 64;

    /// <summary>Requests the API serves at once, all tokens together; beyond: 429 at once (a flood is refused, not queued).</summary>
    public int MaxApiRequestsInFlight { get; init; } = 32;

    /// <summary>Open <c>GET /v1/stream</c> streams of one token; beyond: 429.</summary>
    public int MaxApiStreamsPerToken { get; init; } = 4;

    /// <summary>Largest request body (<c>POST /v1/messages</c>): 64 Ki characters of text, escaped, with room; beyond: 413.</summary>
    public int MaxApiRequestBytes { get; init; } = (6 * 64 * 1024) + 8192;

    /// <summary>How long an API connection may take to send its request headers, and sit idle between requests.</summary>
    public TimeSpan ApiHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    // ── systemd service (issue #15, item 5; Systemd/) ───────────────────────────────────────

    /// <summary>
    /// How long <c>READY=1</c> waits for the names' registrations to end (a B-node's take about a
    /// second; a P-node whose WINS server does not answer retries for longer); well inside systemd's
    /// default start timeout of 90 s.
    /// </summary>
    public TimeSpan ReadyRegistrationWait { get; init; } = TimeSpan.FromSeconds(30);

    // ── Metrics and health (issue #15, item 6; Metrics/MetricsServer.cs) ────────────────────

    /// <summary>Connections the metrics listener serves at once; a scraper needs one, a few for humans with curl.</summary>
    public int MaxMetricsConnections { get; init; } = 16;

    /// <summary>A metrics connection that has not sent its request headers by then (or sits idle between requests) is closed: a slow client gives its slot back.</summary>
    public TimeSpan MetricsHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    // ── Alertmanager (issue #15, item 2; POST /v1/alertmanager, alertmanager route) ──────────

    /// <summary>A webhook body; larger is 413 before it is read (Alertmanager's <c>max_alerts</c> keeps it small).</summary>
    public int AlertmanagerMaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>Alerts in one notification; more is 413 (set <c>max_alerts</c> in the webhook_config).</summary>
    public int AlertmanagerMaxAlerts { get; init; } = 1000;

    /// <summary>Alerts listed in a message's text; the rest are counted ("+N more alerts").</summary>
    public int AlertmanagerAlertsShown { get; init; } = 10;

    /// <summary>Labels listed for one alert; the rest are counted ("+N more labels").</summary>
    public int AlertmanagerLabelsShown { get; init; } = 8;

    /// <summary>Characters of one label value or annotation shown; longer ones are cut.</summary>
    public int AlertmanagerValueCharacters { get; init; } = 200;

    /// <summary>
    /// UTF-8 bytes of a message's text: alerts that do not fit are counted ("+N more alerts"). Below
    /// one multi-block SMB message (MessageLimits.MultiBlockMessageBytes, 4096), so classic recipients get it too.
    /// </summary>
    public int AlertmanagerMaxTextBytes { get; init; } = 3072;

    /// <summary>Rules of <c>alertmanager route</c>.</summary>
    public int AlertmanagerRoutesMax { get; init; } = 64;
}
