using System.Text.Json;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Metrics;

/// <summary>
/// <c>GET /healthz</c> (issue #15, item 6): <c>ok</c> (200) while the daemon can take messages,
/// else <c>failing</c> (503) with each failing part named in <c>failing</c>: <c>store</c> when the
/// last commit failed (disk full, corrupt database; <see cref="StoreHealth"/>), <c>listeners</c>
/// when not one listener is bound. A listener that could not bind while others did (UDP 137 held
/// by nmbd in user mode) is shown with its state and error but does not make the daemon unhealthy:
/// the daemon starts and serves that way on purpose (issue #12, item 1).
/// </summary>
internal sealed record HealthReport(StoreHealth Store, IReadOnlyList<ListenerStatus> Listeners)
{
    public IReadOnlyList<string> Failing { get; } = Failures(Store, Listeners);

    public bool Ok => Failing.Count == 0;

    /// <summary>The body: <c>{"status":"ok"|"failing","failing":[…],"store":{…},"listeners":[…]}</c>, written without reflection (Native AOT).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", Ok ? "ok" : "failing");
            json.WriteStartArray("failing");
            foreach (var part in Failing)
            {
                json.WriteStringValue(part);
            }

            json.WriteEndArray();
            json.WriteStartObject("store");
            json.WriteBoolean("ok", Store.Ok);
            json.WriteString("detail", Store.Detail);
            if (Store.Since is { } since)
            {
                json.WriteString("since", since);
            }

            json.WriteEndObject();
            json.WriteStartArray("listeners");
            foreach (var listener in Listeners)
            {
                json.WriteStartObject();
                json.WriteString("name", listener.Name);
                json.WriteString("protocol", listener.Protocol);
                json.WriteString("endpoint", listener.EndPoint);
                json.WriteString("state", StateText(listener.State));
                if (listener.Error is { } error)
                {
                    json.WriteString("error", error);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string StateText(ListenerState state) => state switch
    {
        ListenerState.Bound => "bound",
        ListenerState.InUse => "in-use",
        ListenerState.PermissionDenied => "permission-denied",
        ListenerState.Failed => "failed",
        _ => "not-started",
    };

    private static List<string> Failures(StoreHealth store, IReadOnlyList<ListenerStatus> listeners)
    {
        var failing = new List<string>();
        if (!store.Ok)
        {
            failing.Add("store");
        }

        if (!listeners.Any(l => l.Bound))
        {
            failing.Add("listeners");
        }

        return failing;
    }
}
