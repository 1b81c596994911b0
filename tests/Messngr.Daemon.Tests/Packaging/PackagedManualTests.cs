using Messngr.Cli.Help;
using Messngr.Daemon.Options;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Packaging;

/// <summary>
/// Issue #15, item 7: what the Debian package installs beside the binary is made by the binary
/// from its own tables: messngr(1) covers every command and option, messngr.conf(5) and the
/// default /etc/messngr/messngr.conf every key of <see cref="ServeOptionTable"/>, and the defaults
/// the file states are the loader's defaults.
/// </summary>
public sealed class PackagedManualTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-packaged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Messngr_1_has_every_command_with_each_of_its_options()
    {
        var page = MessngrManPage.For("1.2.3");
        Assert.StartsWith(".TH MESSNGR 1 ", page, StringComparison.Ordinal);
        foreach (var command in CommandCatalog.All)
        {
            Assert.Contains($".SH \"MESSNGR {command.Name.ToUpperInvariant().Replace("-", "\\-", StringComparison.Ordinal)}\"\n", page, StringComparison.Ordinal);
            foreach (var option in command.Help.Options)
            {
                Assert.Contains($"\\-\\-{(option.Negatable ? "[no\\-]" : string.Empty)}{option.Name.Replace("-", "\\-", StringComparison.Ordinal)}", page, StringComparison.Ordinal);
            }
        }

        foreach (var (name, _) in CommandCatalog.Others)
        {
            Assert.Contains($".TP\n\\fB{name.Replace("-", "\\-", StringComparison.Ordinal)}\\fR\n", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Messngr_send_1_lists_each_exit_code_the_c_client_gives_itself_and_what_it_reads()
    {
        var page = MessngrSendManPage.For("1.2.3");
        Assert.StartsWith(".TH MESSNGR\\-SEND 1 ", page, StringComparison.Ordinal);
        var source = File.ReadAllText(RepositoryFiles.Path("src", "messngr-send", "messngr-send.c"));
        var codes = System.Text.RegularExpressions.Regex.Matches(source, @"EX_[A-Z]+_ = (\d+)").Select(m => m.Groups[1].Value).Where(c => c != "0").ToList();
        Assert.Equal(["69", "76", "75"], codes);
        Assert.All(codes, code => Assert.Contains($".TP\n.B {code}\n", page, StringComparison.Ordinal));
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(source, @"getenv\(""([A-Z_]+)""\)").Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.Contains(name, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Messngr_conf_5_documents_every_key_with_its_default()
    {
        var page = ConfigManPage.For("1.2.3");
        Assert.StartsWith(".TH MESSNGR.CONF 5 ", page, StringComparison.Ordinal);
        foreach (var option in ServeOptionTable.All)
        {
            Assert.Contains($".TP\n\\fB{option.FileKey.Replace("-", "\\-", StringComparison.Ordinal)}\\fR = ", page, StringComparison.Ordinal);
            Assert.Contains(option.EnvironmentName.Replace("-", "\\-", StringComparison.Ordinal), page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("messngr")]
    [InlineData("messngr.conf")]
    [InlineData("messngr-send")]
    public async Task Each_page_formats_without_a_warning(string name)
    {
        var page = Path.Combine(_dir, name + ".man");
        await File.WriteAllTextAsync(page, name switch
        {
            "messngr" => MessngrManPage.For("1.2.3"),
            "messngr.conf" => ConfigManPage.For("1.2.3"),
            _ => MessngrSendManPage.For("1.2.3"),
        });
        var (code, _, error) = await MessngrProcess.RunProgramAsync("groff", "-man", "-ww", "-z", page);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void The_default_config_lists_every_key_commented_out()
    {
        var text = DefaultConfigFile.Text();
        foreach (var option in ServeOptionTable.All)
        {
            Assert.Contains($"\n;   {option.FileKey} = ", text, StringComparison.Ordinal);
        }

        // as installed it sets nothing: the loader sees the defaults
        var file = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(file, text);
        Assert.Equal(Load(null).ToString(), Load(file).ToString());
    }

    [Fact]
    public void Each_default_the_file_states_as_a_value_is_the_loaders_default()
    {
        // every ";   key = value" uncommented where the value is the default itself
        var lines = DefaultConfigFile.Text().Split('\n')
            .Select(l => l.StartsWith(";   ", StringComparison.Ordinal) && ServeOptionTable.All.Any(o => DefaultConfigFile.IsValue(o.Default) && l == $";   {o.FileKey} = {o.Default}") ? l[4..] : l);
        var file = Path.Combine(_dir, "uncommented.conf");
        File.WriteAllText(file, string.Join('\n', lines));
        Assert.Contains("\nworkgroup = WORKGROUP\n", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(Load(null).ToString(), Load(file).ToString());
    }

    [Fact]
    public async Task Messngr_prints_both_pages_and_the_default_config()
    {
        var (code, output, _) = await MessngrProcess.RunAsync("man", "messngr");
        Assert.Equal(0, code);
        Assert.StartsWith(".TH MESSNGR 1 ", output, StringComparison.Ordinal);
        (code, output, _) = await MessngrProcess.RunAsync("man", "messngr.conf");
        Assert.Equal(0, code);
        Assert.StartsWith(".TH MESSNGR.CONF 5 ", output, StringComparison.Ordinal);
        (code, output, _) = await MessngrProcess.RunAsync("default-config");
        Assert.Equal(0, code);
        Assert.Equal(DefaultConfigFile.Text(), output);
        (code, _, _) = await MessngrProcess.RunAsync("default-config", "extra");
        Assert.Equal(64, code);
    }

    private static ServeOptions Load(string? config) =>
        ServeOptionsLoader.Load(new Dictionary<string, string>(), new Dictionary<string, string> { ["HOME"] = "/home/u" }, config ?? "/dev/null", isRoot: false);
}
