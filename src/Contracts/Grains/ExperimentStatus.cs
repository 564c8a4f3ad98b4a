namespace MigrationAspire.Contracts;

[GenerateSerializer]
public enum ExperimentStatus
{
    Pending,
    Running,
    Completed,
    CompletedWithFailures,
    Failed,
    Cancelled,
}

public static class ExperimentStatusExtensions
{
    /// <summary>A final status never changes again: every run of the experiment is final.</summary>
    public static bool IsFinal(this ExperimentStatus status) => status is ExperimentStatus.Completed
        or ExperimentStatus.CompletedWithFailures or ExperimentStatus.Failed or ExperimentStatus.Cancelled;
}
