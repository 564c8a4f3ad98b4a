namespace MigrationAspire.Cli;

/// <summary>What the command line's exit code says, so scripts can branch on it.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The experiment ended other than completed: runs failed, or it was cancelled or failed.</summary>
    public const int NotCompleted = 1;

    /// <summary>The lab refused the request: a bad spec, an unknown id, a bad option.</summary>
    public const int Refused = 2;

    /// <summary>The lab could not be reached, or answered with an error of its own.</summary>
    public const int LabUnavailable = 3;

    /// <summary>A fault of this program (EX_SOFTWARE): please report it.</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl+C: 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;
}
