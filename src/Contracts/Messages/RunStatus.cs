namespace MigrationAspire.Contracts;

[GenerateSerializer]
public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}
