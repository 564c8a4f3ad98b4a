namespace MigrationAspire.Network.Commands;

/// <summary>A command the lab's network ran failed; the message holds the command line and what it printed on stderr.</summary>
public sealed class CommandFailedException(string commandLine, int? exitCode, string stderr)
    : Exception(exitCode is null
        ? $"`{commandLine}` did not finish in time. {stderr}".TrimEnd()
        : $"`{commandLine}` failed with exit code {exitCode}: {(stderr.Length == 0 ? "(nothing on stderr)" : stderr)}")
{
    public string CommandLine { get; } = commandLine;
    public int? ExitCode { get; } = exitCode;
    public string Stderr { get; } = stderr;
}
