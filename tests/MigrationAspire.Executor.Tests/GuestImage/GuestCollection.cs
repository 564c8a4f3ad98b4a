using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.MigratedGuest;

/// <summary>
/// The tests that boot and migrate the real guest. They run one at a time and after every other test of the
/// assembly (DisableParallelization): two cores cannot time a TCG guest honestly while other tests compete.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GuestCollection : ICollectionFixture<SharedGuest>
{
    public const string Name = "Migrated guest under TCG";
}

/// <summary>
/// The busy guest (512 MiB, 128 MiB written sequentially at 20 000 pages/s) booted once and shared by the
/// boot and dirty-rate tests, plus the short work directory every QEMU of the collection keeps its sockets in.
/// A test that leaves the guest not running (a migration that completed) hands over its successor or lets
/// the next user boot a new one.
/// </summary>
public sealed class SharedGuest : IAsyncLifetime
{
    public const int BusyRate = 20_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private BootedGuest? busy;
    private QemuProcess? current;

    /// <summary>Short enough for Unix socket paths (≤ 107 bytes), and private to this test process.</summary>
    public string WorkDirectory { get; } = Path.Combine("/tmp", $"ma-gt-{Environment.ProcessId}");

    /// <summary>The first boot of the busy guest, with its READY line and boot time.</summary>
    internal async Task<BootedGuest> FirstBootAsync(CancellationToken cancellationToken)
    {
        await BusyAsync(cancellationToken);
        return busy!;
    }

    /// <summary>The running busy guest: booted on first use, and again if a test left it stopped or dead.</summary>
    internal async Task<QemuProcess> BusyAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is not null && !await IsRunningAsync(current, cancellationToken))
            {
                await current.DisposeAsync();
                current = null;
            }
            if (current is null)
            {
                var booted = await GuestQemu.BootAsync(WorkDirectory, "busy", GuestQemu.Sequential(BusyRate), GuestTimeouts.Boot, cancellationToken);
                busy ??= booted;
                current = booted.Qemu;
            }
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>After a completed migration the guest lives on <paramref name="successor"/>; the old QEMU is ended.</summary>
    internal async Task ReplaceBusyAsync(QemuProcess successor)
    {
        await gate.WaitAsync();
        try
        {
            if (current is not null && current != successor)
                await current.DisposeAsync();
            current = successor;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<bool> IsRunningAsync(QemuProcess qemu, CancellationToken cancellationToken)
    {
        if (qemu.HasExited)
            return false;
        try
        {
            var status = await qemu.Qmp.QueryStatusAsync(cancellationToken).WaitAsync(TestTimeouts.Step, cancellationToken);
            return status.Running;
        }
        catch (Exception e) when (e is QmpException or QmpConnectionClosedException or TimeoutException)
        {
            return false;
        }
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (current is not null)
            await current.DisposeAsync();
        current = null;
        try { Directory.Delete(WorkDirectory, recursive: true); }
        catch (IOException) { }
    }
}
