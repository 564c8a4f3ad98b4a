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

public static class RunStatusExtensions
{
    /// <summary>A final status never changes again.</summary>
    public static bool IsFinal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
