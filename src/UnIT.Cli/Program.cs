using Spectre.Console;
using UnIT.Cli;

return CliApp.Run(args, AnsiConsole.Console, Console.Out, Console.Error);
