using System.Globalization;
using System.Text;

namespace Messngr.Daemon.Metrics;

/// <summary>
/// The Prometheus text exposition format, version 0.0.4 (prometheus/docs
/// content/docs/instrumenting/exposition_formats.md, "Text-based format"): per metric a
/// <c># HELP</c> and a <c># TYPE</c> line, then one line per sample,
/// <c>name{label="value",…} value</c>. Counters are written with the <c>_total</c> suffix;
/// histograms as cumulative <c>_bucket{le="…"}</c> lines ending with <c>le="+Inf"</c>, then
/// <c>_sum</c> and <c>_count</c>. Escaping: in HELP <c>\</c> and line feed; in label values also
/// <c>"</c>. Names are made to fit <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> (labels: no colon).
/// </summary>
internal static class PrometheusTextWriter
{
    /// <summary>The Content-Type of a scrape answer in this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        foreach (var family in families)
        {
            var name = MetricName(family.Name);
            if (family.Type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }

            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            foreach (var sample in family.Samples)
            {
                if (sample.Histogram is { } histogram)
                {
                    WriteHistogram(text, name, sample.Labels, histogram);
                }
                else
                {
                    WriteLine(text, name, sample.Labels, null, sample.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A label value with <c>\</c>, <c>"</c> and line feed escaped.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>HELP text with <c>\</c> and line feed escaped (a quote stays as it is there).</summary>
    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>A metric name: every character outside <c>[a-zA-Z0-9_:]</c> becomes <c>_</c>; a leading digit gets a <c>_</c> before it.</summary>
    public static string MetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>A label name: every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c>; a leading digit gets a <c>_</c> before it.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>A sample value: Go's ParseFloat spellings, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.Bounds.Count; i++)
        {
            cumulative += histogram.Counts[i];
            WriteLine(text, name + "_bucket", labels, Number(histogram.Bounds[i]), cumulative);
        }

        WriteLine(text, name + "_bucket", labels, "+Inf", histogram.Count);
        WriteLine(text, name + "_sum", labels, null, histogram.Sum);
        WriteLine(text, name + "_count", labels, null, histogram.Count);
    }

    private static void WriteLine(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(LabelName(label.Key)).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
            }

            if (le is not null)
            {
                text.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && !(allowColon && c == ':'))
            {
                chars[i] = '_';
            }
        }

        // A name must not start with a digit: '_' before it keeps the digit readable.
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }
}
