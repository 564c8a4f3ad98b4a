using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Vms;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Recovery;

/// <summary>The destination's half of QEMU's post-copy recovery: pause this end if it still waits on a dead stream, then <c>migrate-recover</c>.</summary>
public sealed class IncomingRecoverer(VmRegistry vms, IOptions<ExecutorOptions> options, ILogger<IncomingRecoverer> logger)
{
    private static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<IncomingRecoveryReady> RecoverAsync(RecoverIncoming request, CancellationToken cancellationToken)
    {
        var reply = new IncomingRecoveryReady { RunId = request.RunId, VmId = request.VmId, Host = request.Host };
        if (!vms.TryGet(request.VmId, out var vm) || vm.Incoming is not { } session || session.RunId != request.RunId || vm.Qemu is not { } qemu)
            return reply with { Reason = $"host {request.Host} holds no incoming VM {request.VmId} for run {request.RunId}" };
        try
        {
            session.RecoveryUri = await ListenAgainAsync(qemu.Qmp, options.Value.MigrationAddress, session.RecoveryUri, cancellationToken);
            logger.LogInformation("Run {RunId}: {VmId} on {Host} listens again at {Uri} for the paused post-copy", request.RunId, request.VmId, request.Host, session.RecoveryUri);
            return reply with { MigrationUri = session.RecoveryUri };
        }
        catch (Exception e) when (e is MigrationSetupException or QmpException or QmpConnectionClosedException or TimeoutException)
        {
            logger.LogWarning("Run {RunId}: {VmId} on {Host} cannot listen again: {Reason}", request.RunId, request.VmId, request.Host, e.Message);
            return reply with { Reason = e.Message };
        }
    }

    /// <summary>
    /// Returns the URI the destination listens on for the source's <c>migrate</c> with <c>resume</c>. Behind a dead
    /// link the destination may still be <c>postcopy-active</c>, waiting on a stream that sends nothing: pause it first.
    /// A destination that already listens again (an earlier resume never reached it) keeps <paramref name="previousUri"/>.
    /// </summary>
    /// <exception cref="MigrationSetupException">The destination is in no state to recover.</exception>
    public static async Task<string> ListenAgainAsync(QmpClient qmp, string address, string? previousUri, CancellationToken cancellationToken)
    {
        var status = (await qmp.QueryMigrateAsync(cancellationToken)).Status;
        if (status == MigrationStatus.PostcopyActive)
        {
            await qmp.MigratePauseAsync(cancellationToken);
            status = await WaitWhileAsync(qmp, MigrationStatus.PostcopyActive, cancellationToken);
        }
        if (status is MigrationStatus.PostcopyRecoverSetup or MigrationStatus.PostcopyRecover && previousUri is not null)
            return previousUri;
        if (status != MigrationStatus.PostcopyPaused)
            throw new MigrationSetupException($"the destination's migration is {status ?? "gone"}, not {MigrationStatus.PostcopyPaused}");
        try
        {
            await qmp.MigrateRecoverAsync($"tcp:{address}:0", cancellationToken);
        }
        catch (QmpException) when (previousUri is not null)
        {
            // QEMU refuses a second migrate-recover while the first still listens.
            return previousUri;
        }
        // Port 0: the OS picks one; the new listener replaces the old one in socket-address.
        var listening = await qmp.QueryMigrateAsync(cancellationToken);
        var port = listening.SocketAddress?.LastOrDefault(a => a.Port is not null)?.Port
            ?? throw new MigrationSetupException("the destination QEMU did not report the port it listens on again");
        return $"tcp:{address}:{port}";
    }

    private static async Task<string?> WaitWhileAsync(QmpClient qmp, string status, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + PauseTimeout;
        while (true)
        {
            var now = (await qmp.QueryMigrateAsync(cancellationToken)).Status;
            if (now != status)
                return now;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"the destination was still {status} {PauseTimeout.TotalSeconds:0} s after migrate-pause");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
