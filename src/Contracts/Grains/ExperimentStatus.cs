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
