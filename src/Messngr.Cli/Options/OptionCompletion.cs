namespace Messngr.Cli.Options;

/// <summary>What the shell completions offer for an option's value.</summary>
internal enum OptionCompletion
{
    /// <summary>Free text (a number, a list): nothing is offered.</summary>
    None,

    /// <summary>A file name.</summary>
    File,

    /// <summary>A directory name.</summary>
    Directory,

    /// <summary>A host name (the shell's known hosts).</summary>
    Host,

    /// <summary>A messenger name of the local daemon (from 'messngr name').</summary>
    Name,

    /// <summary>One of <see cref="CommandOption.Choices"/>.</summary>
    Choice,
}
