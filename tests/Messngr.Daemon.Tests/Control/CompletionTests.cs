using Messngr.Cli;
using Messngr.Cli.Help;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #12, item 14: the bash and zsh completions and the man pages are made from the same
/// option tables as the parsers and the --help texts: every option of every command is in all of
/// them, the shells accept the scripts, and bash really completes <c>messngr send --tr</c>.
/// </summary>
public sealed class CompletionTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var command in CommandCatalog.All)
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_option_is_parsed_and_in_the_help_the_completions_and_the_man_page(string name)
    {
        var command = CommandCatalog.Find(name)!;
        var help = command.Help.Text;
        var man = ManPage.For(command.Help, "0.0.0");
        var zsh = CompletionScript.Zsh();
        var offered = (await CompleteAsync("messngr", name, "--")).ToHashSet(StringComparer.Ordinal);
        foreach (var option in command.Help.Options)
        {
            Assert.Contains($"  --{(option.Negatable ? "[no-]" : string.Empty)}{option.Name}{(option.IsSwitch ? string.Empty : " " + option.Value)}", help, StringComparison.Ordinal);
            Assert.Contains($"\\-\\-{(option.Negatable ? "[no\\-]" : string.Empty)}{option.Name.Replace("-", "\\-", StringComparison.Ordinal)}", man, StringComparison.Ordinal);
            Assert.Contains($"'--{option.Name}{(option.IsSwitch ? string.Empty : "=")}[", zsh, StringComparison.Ordinal);
            Assert.Contains("--" + option.Name, offered);

            // the parser knows it too: no "unknown option"
            var parsed = CommandLine.Parse(name, option.IsSwitch ? ["--" + option.Name] : ["--" + option.Name, "x"], command.Help.Options);
            Assert.True(parsed.Values.ContainsKey(option.Name));
        }

        Assert.Equal(command.Help.Options.Count + command.Help.Options.Count(o => o.Negatable) + 1, offered.Count); // and --help, nothing else
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_man_page_formats_without_a_warning(string name)
    {
        var page = Path.GetTempFileName();
        try
        {
            File.WriteAllText(page, ManPage.For(CommandCatalog.Find(name)!.Help, "1.2.3"));
            var (code, _, error) = await MessngrProcess.RunProgramAsync("groff", "-man", "-ww", "-z", page);
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, error);
        }
        finally
        {
            File.Delete(page);
        }
    }

    [Fact]
    public async Task Bash_completes_send_transport_and_its_values()
    {
        Assert.Equal(["--transport"], await CompleteAsync("messngr", "send", "--tr"));
        Assert.Equal(["auto", "mailslot", "native", "rpc", "smb"], (await CompleteAsync("messngr", "send", "--transport", "")).Order(StringComparer.Ordinal));
        Assert.Equal(["smb"], await CompleteAsync("messngr", "send", "--transport", "s"));
        Assert.Equal(["history"], await CompleteAsync("messngr", "hi"));
        Assert.Equal(["read"], await CompleteAsync("messngr", "rea"));
        Assert.Equal(["--ack"], await CompleteAsync("messngr", "listen", "--a"));
        Assert.Equal(["send", "sent", "serve", "status"], (await CompleteAsync("messngr", "help", "s")).Order(StringComparer.Ordinal));
        Assert.Equal(["bash"], await CompleteAsync("messngr", "completion", "b"));
    }

    [Fact]
    public async Task Bash_completes_files_for_at_file_and_config_and_directories_for_state_dir()
    {
        var dir = Directory.CreateTempSubdirectory("messngr-complete-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "recipients.txt"), "HOSTC\n");
            Directory.CreateDirectory(Path.Combine(dir, "state"));
            Assert.Equal([$"@{dir}/recipients.txt"], await CompleteAsync("messngr", "send", $"@{dir}/rec"));
            Assert.Equal([$"{dir}/recipients.txt"], await CompleteAsync("messngr", "send", "--config", $"{dir}/rec"));
            Assert.Equal([$"{dir}/state"], await CompleteAsync("messngr", "status", "--state-dir", $"{dir}/"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    public async Task The_shell_accepts_the_script(string shell)
    {
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllText(script, CompletionScript.For(shell));
            var (code, _, error) = await MessngrProcess.RunProgramAsync(shell, "-n", script);
            Assert.True(code == 0, error);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Zsh_loads_the_script_and_defines_the_completion_function()
    {
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllText(script, CompletionScript.Zsh());
            var (code, output, error) = await MessngrProcess.RunProgramAsync("zsh", "-f", "-c", $"autoload -U compinit && compinit -u -D && source {script} && print -r -- $_comps[messngr]");
            Assert.True(code == 0, error);
            Assert.Equal("_messngr\n", output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Messngr_prints_the_scripts_and_the_man_pages()
    {
        var (code, output, _) = await MessngrProcess.RunAsync("completion", "bash");
        Assert.Equal(0, code);
        Assert.Equal(CompletionScript.Bash(), output);

        (code, output, _) = await MessngrProcess.RunAsync("man", "send");
        Assert.Equal(0, code);
        Assert.StartsWith(".TH MESSNGR-SEND 1 ", output, StringComparison.Ordinal);
        Assert.Contains(".TP\n\\fB\\-\\-transport\\fR \\fIT\\fR\nauto (default: native to a trusted messngr node", output, StringComparison.Ordinal);

        (code, _, _) = await MessngrProcess.RunAsync("completion", "fish");
        Assert.Equal(64, code);
        (code, _, _) = await MessngrProcess.RunAsync("man", "nosuch");
        Assert.Equal(64, code);
    }

    /// <summary>What bash offers for the last word: COMP_WORDS/COMP_CWORD set as readline would, then the completion function called.</summary>
    private static async Task<string[]> CompleteAsync(params string[] words)
    {
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllText(script, CompletionScript.Bash());
            var quoted = string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
            var (code, output, error) = await MessngrProcess.RunProgramAsync("bash", "-c",
                $"source {script}; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _messngr; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
            Assert.True(code == 0, error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
