namespace MigrationAspire.Contracts;

/// <summary>
/// A command for one executor host: sent to that host's queue (<see cref="ExecutorQueue"/>), and carried out only
/// by the executor of <see cref="Host"/>.
/// </summary>
public interface IHostCommand
{
    string Host { get; }
}
