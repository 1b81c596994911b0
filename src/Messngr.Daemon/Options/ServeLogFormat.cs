namespace Messngr.Daemon.Options;

/// <summary><c>log format</c>: how <c>messngr serve</c> writes its log lines (issue #15, item 5).</summary>
internal enum ServeLogFormat
{
    /// <summary>Journal format when standard error is the journal ($JOURNAL_STREAM) or $INVOCATION_ID is set; plain otherwise.</summary>
    Auto,

    /// <summary>sd-daemon(3): each line starts with its syslog priority (<c>&lt;6&gt;</c>), no timestamp, no colours.</summary>
    Journal,

    /// <summary>Each line starts with an ISO 8601 timestamp with its UTC offset.</summary>
    Plain,
}
