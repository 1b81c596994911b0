namespace Messngr.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Out.WriteLine("messngr: commands arrive in the next steps; try --help");
        return args.Length == 0 ? 64 : 0;
    }
}
