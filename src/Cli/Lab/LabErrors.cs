namespace MigrationAspire.Cli.Lab;

/// <summary>No answer from the lab at all: nothing listens there, the name does not resolve, or it timed out.</summary>
internal sealed class LabUnreachableException(Uri api, string reason, Exception? inner = null)
    : Exception($"cannot reach the lab at {api}: {reason}. Is it running (./lab run)? Another lab: --api URL or ${LabSettings.ApiVariable}.", inner);

/// <summary>The lab answered with an error status; its problem details say why.</summary>
internal sealed class LabRefusedException(ApiProblem problem) : Exception(problem.Title)
{
    public ApiProblem Problem { get; } = problem;

    /// <summary>The request's fault (4xx) rather than the lab's.</summary>
    public bool IsClientError => Problem.Status is >= 400 and < 500;
}
