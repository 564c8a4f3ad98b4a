using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// One live migration of a running guest to a fresh QEMU on this machine, over loopback TCP, set up the way
/// the lab's executor does it (IncomingPreparer, MigrationDriver): the destination starts with
/// <c>-incoming defer</c>, listens on <c>tcp:127.0.0.1:0</c> with exit-on-error off and reports its port in
/// <c>query-migrate</c>; the source sends with <c>migrate</c>; a pre-copy destination resumes by itself.
/// The destination belongs to this object until <see cref="TakeDestination"/>; the source stays the caller's.
/// </summary>
internal sealed class LocalMigration : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly QmpEventSubscription destinationEvents;
    private readonly Task<DateTimeOffset?> destinationResumed;
    private QemuProcess? destination;

    private LocalMigration(QemuProcess source, QemuProcess destination, string uri, QmpEventSubscription destinationEvents)
    {
        Source = source;
        this.destination = destination;
        Uri = uri;
        this.destinationEvents = destinationEvents;
        destinationResumed = FirstResumeAsync(destinationEvents);
    }

    public QemuProcess Source { get; }

    public QemuProcess Destination => destination ?? throw new InvalidOperationException("The destination was already taken.");

    /// <summary>Where the destination listens, e.g. <c>tcp:127.0.0.1:40123</c>.</summary>
    public string Uri { get; }

    /// <summary>Host time just before <c>migrate</c> was sent.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>
    /// Starts a destination QEMU with the source's exact VM and workload, listening for the stream. With
    /// <paramref name="tuning"/> both sides get the executor's capabilities and parameters for it (MigrationTuning);
    /// without, only migration events.
    /// </summary>
    public static async Task<LocalMigration> PrepareAsync(
        QemuProcess source, string workDirectory, string destinationVmId, CancellationToken cancellationToken, MigrationSpec? tuning = null)
    {
        var destination = await GuestQemu.StartAsync(workDirectory, destinationVmId, source.Launch.Workload, incoming: true, cancellationToken, source.Launch.Vm);
        QmpEventSubscription? events = null;
        try
        {
            if (tuning is null)
            {
                foreach (var qmp in (QmpClient[])[source.Qmp, destination.Qmp])
                    await qmp.SetMigrationCapabilitiesAsync([new(MigrationCapability.Events, true)], cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
            }
            else
            {
                await MigrationTuning.ApplyAsync(source.Qmp, MigrationTuning.SourceCapabilities(tuning), MigrationTuning.SourceParameters(tuning),
                    "source", cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
                await MigrationTuning.ApplyAsync(destination.Qmp, MigrationTuning.DestinationCapabilities(tuning), MigrationTuning.DestinationParameters(tuning),
                    "destination", cancellationToken, MigrationTuning.OptionalDestinationCapabilities(tuning)).WaitAsync(TestTimeouts.Step, cancellationToken);
            }
            // Subscribed before listening: the destination's RESUME cannot slip by.
            events = destination.Qmp.SubscribeEvents();
            await destination.Qmp.MigrateIncomingAsync("tcp:127.0.0.1:0", exitOnError: false, cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
            var listening = await destination.Qmp.QueryMigrateAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
            var port = listening.SocketAddress?.FirstOrDefault(a => a.Port is not null)?.Port
                ?? throw new InvalidOperationException($"The destination QEMU did not report the port it listens on: {destination.Diagnostics}");
            return new LocalMigration(source, destination, $"tcp:127.0.0.1:{port}", events);
        }
        catch
        {
            events?.Dispose();
            await destination.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <c>migrate</c> on the source; progress is in <see cref="QueryAsync"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = DateTimeOffset.UtcNow;
        await Source.Qmp.MigrateAsync(Uri, cancellationToken: cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
    }

    /// <summary>The source's <c>query-migrate</c>.</summary>
    public Task<MigrationInfo> QueryAsync(CancellationToken cancellationToken) =>
        Source.Qmp.QueryMigrateAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);

    /// <summary>Waits until the source reports completed, failed or cancelled, and returns that final report.</summary>
    public async Task<MigrationInfo> WaitForFinalAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        MigrationInfo? info = null;
        try
        {
            while (true)
            {
                info = await QueryAsync(deadline.Token);
                if (MigrationStatus.IsFinal(info.Status))
                    return info;
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The migration to {Uri} was still {info?.Status ?? "unstarted"} after {timeout.TotalSeconds:0} s " +
                $"(pass {info?.Ram?.Pass}, {info?.Ram?.Remaining / (1024 * 1024)} MiB remaining, {info?.Ram?.DirtyPagesRate} pages/s dirtied)");
        }
    }

    /// <summary>Cancels the pre-copy (the guest keeps running on the source) and returns the final report.</summary>
    public async Task<MigrationInfo> CancelAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Source.Qmp.MigrateCancelAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
        }
        catch (QmpException)
        {
            // It finished on its own first; the final status says how.
        }
        return await WaitForFinalAsync(TestTimeouts.Step, cancellationToken);
    }

    /// <summary>
    /// Stop-and-copy: once the destination has taken the stream in, starts the guest there (a guest that left a paused
    /// source arrives paused), as the executor's IncomingPreparer does.
    /// </summary>
    public async Task ContinueOnDestinationAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TestTimeouts.Step;
        while (true)
        {
            var status = await Destination.Qmp.QueryStatusAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
            if (status.Running)
                return;
            if (status.Status != "inmigrate")
            {
                await Destination.Qmp.ContAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"The destination was still {status.Status} {TestTimeouts.Step.TotalSeconds:0} s after the source completed");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Host time the destination's RESUME event arrived: the guest runs there from then on.</summary>
    public async Task<DateTimeOffset> WaitForDestinationResumeAsync(CancellationToken cancellationToken)
    {
        var resumed = await destinationResumed.WaitAsync(TestTimeouts.Step, cancellationToken);
        return resumed ?? throw new InvalidOperationException(
            $"The destination QEMU went away before it resumed the guest: {destination?.Diagnostics}; console: {destination?.Console.Tail()}");
    }

    /// <summary>Hands the destination (now running the guest) to the caller, who must dispose it.</summary>
    public QemuProcess TakeDestination()
    {
        var taken = Destination;
        destination = null;
        return taken;
    }

    private static async Task<DateTimeOffset?> FirstResumeAsync(QmpEventSubscription events)
    {
        await foreach (var e in events)
        {
            if (e.Name == QmpEventNames.Resume)
                return e.ReceivedAt;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        destinationEvents.Dispose();
        if (destination is not null)
            await destination.DisposeAsync();
        destination = null;
    }
}
