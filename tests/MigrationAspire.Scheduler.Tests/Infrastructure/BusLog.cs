using MassTransit.Testing;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>A command as the bus sent it: the queue it went to and the message.</summary>
public sealed record Sent<T>(string Queue, T Message);

/// <summary>What the scheduler sent and published, read from MassTransit's test harness.</summary>
public sealed class BusLog(ITestHarness harness)
{
    // The harness's lists wait for more messages unless told not to; a cancelled token reads what is there.
    private static readonly CancellationToken NoWaiting = new(canceled: true);

    public ITestHarness Harness => harness;

    /// <summary>Every <typeparamref name="T"/> sent so far, with the name of the queue it was sent to.</summary>
    public IReadOnlyList<Sent<T>> Sent<T>() where T : class =>
        harness.Sent.Select<T>(NoWaiting)
            .Select(s => new Sent<T>(s.Context.DestinationAddress?.AbsolutePath.Trim('/') ?? "", s.Context.Message))
            .ToList();

    public IReadOnlyList<Sent<T>> Sent<T>(Func<T, bool> match) where T : class =>
        Sent<T>().Where(s => match(s.Message)).ToList();

    /// <summary>Every command sent to an executor about <paramref name="vmId"/>, in the order sent, as "Type→queue".</summary>
    public IReadOnlyList<string> CommandsFor(string vmId)
    {
        var commands = harness.Sent.Select(_ => true, NoWaiting).Where(s => s.MessageObject switch
        {
            BootVm m => m.VmId == vmId,
            ProbeDirtyRate m => m.VmId == vmId,
            PrepareIncoming m => m.VmId == vmId,
            StartMigration m => m.VmId == vmId,
            CancelMigration m => m.VmId == vmId,
            AbortIncoming m => m.VmId == vmId,
            DestroyVm m => m.VmId == vmId,
            _ => false,
        });
        return commands.Select(s => $"{s.MessageType.Name}→{s.Context.DestinationAddress?.AbsolutePath.Trim('/')}").ToList();
    }

    public IReadOnlyList<T> Published<T>(Func<T, bool> match) where T : class =>
        harness.Published.Select<T>(NoWaiting).Select(p => p.Context.Message).Where(match).ToList();

    public Task<Sent<T>> WaitForSentAsync<T>(Func<T, bool> match, string what) where T : class =>
        TestTimeouts.Eventually(() => Sent(match).FirstOrDefault(), $"{typeof(T).Name} {what} to be sent");

    public Task<T> WaitForPublishedAsync<T>(Func<T, bool> match, string what) where T : class =>
        TestTimeouts.Eventually(() => Published(match).FirstOrDefault(), $"{typeof(T).Name} {what} to be published");
}
