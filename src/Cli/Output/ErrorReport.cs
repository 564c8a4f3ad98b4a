using MigrationAspire.Cli.Lab;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Output;

/// <summary>How a command that failed says so: the lab's problem field by field, or one line; never a stack trace.</summary>
internal static class ErrorReport
{
    public static int Print(Terminal terminal, Exception exception)
    {
        var error = terminal.Error;
        switch (exception)
        {
            case LabRefusedException refused:
                foreach (var line in refused.Problem.Lines())
                    error.WriteLine(line, new Style(Color.Red));
                return refused.IsClientError ? ExitCodes.Refused : ExitCodes.LabUnavailable;
            case LabUnreachableException unreachable:
                error.WriteLine(unreachable.Message, new Style(Color.Red));
                return ExitCodes.LabUnavailable;
            case CommandAppException usage:
                error.WriteLine(usage.Message, new Style(Color.Red));
                error.WriteLine("See ./lab exp --help or ./lab hosts --help.");
                return ExitCodes.Refused;
            case UserInputException input:
                error.WriteLine(input.Message, new Style(Color.Red));
                return ExitCodes.Refused;
            default:
                error.WriteLine($"internal error, {exception.GetType().Name}: {exception.Message}", new Style(Color.Red));
                if (Environment.GetEnvironmentVariable("LAB_DEBUG") is { Length: > 0 })
                    error.WriteLine(exception.ToString());
                else
                    error.WriteLine("Set LAB_DEBUG=1 to see where it happened.");
                return ExitCodes.InternalError;
        }
    }
}

/// <summary>Something the user gave that is wrong before the lab is asked: a missing file, a bad option.</summary>
internal sealed class UserInputException(string message) : Exception(message);
