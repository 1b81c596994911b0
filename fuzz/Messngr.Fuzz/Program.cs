using SharpFuzz;

namespace Messngr.Fuzz;

/// <summary>
/// <c>Messngr.Fuzz TARGET</c> runs TARGET under AFL++ (SharpFuzz out-of-process mode);
/// <c>Messngr.Fuzz TARGET FILE...</c> replays files (crash reproduction); <c>--list</c> names the targets.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
        {
            Console.Out.WriteLine("usage: Messngr.Fuzz TARGET [FILE...]   (no FILE: run under afl-fuzz)");
            foreach (var t in Targets.All)
            {
                Console.Out.WriteLine($"  {t.Name,-12} {t.Description}");
            }

            return args.Length == 0 ? 64 : 0;
        }

        var target = Targets.All.FirstOrDefault(t => t.Name == args[0]);
        if (target is null)
        {
            Console.Error.WriteLine($"Messngr.Fuzz: unknown target '{args[0]}' (see --list)");
            return 64;
        }

        if (args.Length > 1)
        {
            foreach (var file in args[1..])
            {
                target.Run(File.ReadAllBytes(file));
                Console.Out.WriteLine($"{file}: ok");
            }

            return 0;
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });
        return 0;
    }
}
