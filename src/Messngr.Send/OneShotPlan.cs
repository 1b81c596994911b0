namespace Messngr.Send;

/// <summary>
/// Which <c>messngr-send</c> command lines take the quick path (issue #15, item 8): handing the
/// message to the running daemon (<c>POST /v1/send/any</c> on its control socket) instead of
/// starting messngr's whole send engine. Only the plain form does — <c>RECIPIENT TEXT…</c> with no
/// option anywhere, a recipient that is a NAME, NAME@HOST[:PORT], an address or <c>*</c>, and no
/// <c>MESSNGR_*</c> setting but the state directory — because for it the daemon's send is
/// <c>messngr send</c>'s: the same route choice, engine, limits and result. So does the plain
/// <c>--alert TEXT…</c> (<paramref name="Recipient"/> null): the daemon sends it to its
/// <c>alert names</c> at priority high, as <c>messngr alert TEXT…</c> does. Everything else (an
/// option, <c>/domain</c>, <c>/users</c>, <c>@FILE</c>, text from standard input, <c>--help</c>)
/// is <c>messngr send</c>'s or <c>messngr alert</c>'s own, run as is.
/// </summary>
internal sealed record OneShotPlan(string? Recipient, string Text)
{
    /// <summary>The first argument that makes this <c>messngr alert</c>; no send recipient starts with "--".</summary>
    public const string AlertSwitch = "--alert";

    /// <summary>The environment variables this path reads (socket location); any other MESSNGR_* sends the long way.</summary>
    public static readonly string[] EnvironmentRead = ["MESSNGR_STATE_DIR", "HOME", "XDG_STATE_HOME"];

    /// <summary>The quick path's plan for <paramref name="args"/>; null when the command line is not the plain form.</summary>
    public static OneShotPlan? For(IReadOnlyList<string> args, IEnumerable<string> environmentNames)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environmentNames);

        // --alert TEXT…, or RECIPIENT TEXT…: at least one word of text (with none, standard input is read, or a prompt shown).
        // Either way the text is args[1..]: after the recipient, or after --alert.
        var alert = args.Count > 0 && args[0] == AlertSwitch;
        if (args.Count < 2 || MayBeOption(args[1]) || (alert ? args[1].StartsWith('@') : !IsPlainRecipient(args[0])))
        {
            return null;
        }

        // A MESSNGR_* key of the client (code page, interface, config file, …) is messngr send's to honour.
        foreach (var name in environmentNames)
        {
            if (name.StartsWith("MESSNGR_", StringComparison.Ordinal) && name != "MESSNGR_STATE_DIR")
            {
                return null;
            }
        }

        // As messngr send and alert join the words of the text (operands after the recipient, or all of alert's).
        var words = new string[args.Count - 1];
        for (var i = 1; i < args.Count; i++)
        {
            words[i - 1] = args[i];
        }

        return new OneShotPlan(alert ? null : args[0], string.Join(' ', words));
    }

    /// <summary>Not an option, /users, /domain, @FILE: those are messngr send's to read.</summary>
    private static bool IsPlainRecipient(string word) =>
        word.Length > 0 && !MayBeOption(word) && word[0] != '@';

    /// <summary>A word messngr send may read as an option (POSIX or Windows form), or "--".</summary>
    private static bool MayBeOption(string word) => word.Length > 0 && word[0] is '-' or '/';
}
