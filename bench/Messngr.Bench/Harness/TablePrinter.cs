using System.Globalization;
using System.Text;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Harness;

/// <summary>
/// The Markdown table: scenario, variant, peer, throughput, p50, p99, ratio vs Samba and vs the
/// limit (both from the row of the same scenario and variant), note.
/// </summary>
public static class TablePrinter
{
    public static string Render(IReadOnlyList<ResultRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | variant | peer | throughput | p50 | p99 | vs samba | vs limit | note |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var samba = Find(rows, row, PeerKind.Samba);
            var limit = Find(rows, row, PeerKind.Limit);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Scenario} | {row.Variant} | {row.PeerLabel} | {Rate(row.Throughput)} {row.Unit} | {Time(row.P50)} | {Time(row.P99)} | {Ratio(row, samba)} | {Ratio(row, limit)} | {row.Note} |");
        }

        return text.ToString();
    }

    private static ResultRow? Find(IReadOnlyList<ResultRow> rows, ResultRow row, PeerKind kind) =>
        rows.FirstOrDefault(r => r.Peer == kind && r.Scenario == row.Scenario && r.Variant == row.Variant);

    private static string Ratio(ResultRow row, ResultRow? reference) =>
        reference is null || reference == row || reference.Throughput <= 0 ? "—" : (row.Throughput / reference.Throughput).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string Rate(double value) => value.ToString(value >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture);

    private static string Time(TimeSpan? value) => value switch
    {
        null => "—",
        { TotalMilliseconds: >= 10 } t => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        { TotalMilliseconds: >= 1 } t => t.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        var t => (t.Value.Ticks / 10.0).ToString("0", CultureInfo.InvariantCulture) + " µs",
    };
}
