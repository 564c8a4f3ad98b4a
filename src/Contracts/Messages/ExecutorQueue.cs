namespace MigrationAspire.Contracts;

/// <summary>Where commands for one executor host are sent.</summary>
public static class ExecutorQueue
{
    public static string Name(string host) => $"executor-{host}";

    public static Uri Address(string host) => new($"queue:{Name(host)}");
}
