using MassTransit;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;

namespace MigrationAspire.Executor.Recovery;

/// <summary>The destination's half of a post-copy recovery, as the source sees it.</summary>
public interface IIncomingRecovery
{
    /// <summary>Has the destination pause its end (if need be) and listen again; returns the URI to resume to.</summary>
    /// <exception cref="MigrationSetupException">The destination cannot listen again; the message says why.</exception>
    Task<string> ListenAgainAsync(CancellationToken cancellationToken);
}

/// <summary>Asks the destination's executor over the bus (<see cref="RecoverIncoming"/>); it runs <see cref="IncomingRecoverer"/>.</summary>
public sealed class BusIncomingRecovery(IBus bus, StartMigration command) : IIncomingRecovery
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<string> ListenAgainAsync(CancellationToken cancellationToken)
    {
        var client = bus.CreateRequestClient<RecoverIncoming>(ExecutorQueue.Address(command.DestinationHost), RequestTimeout.After(s: (int)Timeout.TotalSeconds));
        try
        {
            var response = await client.GetResponse<IncomingRecoveryReady>(
                new RecoverIncoming { RunId = command.RunId, VmId = command.VmId, Host = command.DestinationHost }, cancellationToken);
            return response.Message.MigrationUri
                ?? throw new MigrationSetupException($"host {command.DestinationHost} cannot listen again: {response.Message.Reason}");
        }
        catch (RequestTimeoutException)
        {
            throw new MigrationSetupException($"host {command.DestinationHost} did not answer the recovery request within {Timeout.TotalSeconds:0} s");
        }
    }
}
