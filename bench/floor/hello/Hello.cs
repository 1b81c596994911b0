// The C# AOT process floor (bench/README.md, scenario 4): start the runtime, write one line, exit 0.
System.Console.Out.WriteLine("hello");
