using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Qmp;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Executor.Tests.Qmp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MigrationAspire.Executor.Tests.Recovery;

/// <summary>The source's half of a post-copy recovery against a scripted QEMU: resume, retry, give up.</summary>
public sealed class PostcopyRecoveryTests
{
    private const string Uri = "tcp:10.77.0.3:40123";

    [Fact]
    public async Task A_paused_postcopy_resumes_with_migrate_resume_once_the_destination_listens_again()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var destination = new ListeningDestination();
        var recovery = new PostcopyRecovery(qmp.Client, destination, TimeSpan.FromSeconds(30), NullLogger.Instance);

        var recovering = recovery.RecoverAsync(DateTimeOffset.UtcNow, Task.CompletedTask, "the link of host b", CancellationToken.None);
        var migrate = await qmp.Peer.ExpectAsync("migrate");
        Assert.Equal(Uri, migrate.Arguments!.Value.GetProperty("uri").GetString());
        Assert.True(migrate.Arguments.Value.GetProperty("resume").GetBoolean());
        await qmp.Peer.ReplyAsync(migrate, "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyRecoverSetup));
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyRecover));
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyActive));

        Assert.Null(await recovering.Within());
        Assert.Equal(1, recovery.Count);
        Assert.True(recovery.Time > TimeSpan.Zero);
        Assert.Equal(1, destination.Calls);
    }

    [Fact]
    public async Task A_resume_that_falls_back_to_paused_is_tried_again_and_counts_as_one_recovery()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var destination = new ListeningDestination();
        var recovery = new PostcopyRecovery(qmp.Client, destination, TimeSpan.FromSeconds(30), NullLogger.Instance);

        var recovering = recovery.RecoverAsync(DateTimeOffset.UtcNow, Task.CompletedTask, "the link of host b", CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate"), "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyPaused));
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate"), "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyActive));

        Assert.Null(await recovering.Within());
        Assert.Equal(1, recovery.Count);
        Assert.Equal(2, destination.Calls);
    }

    [Fact]
    public async Task A_link_that_stays_down_past_the_limit_loses_the_guest_without_any_resume()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var destination = new ListeningDestination();
        var recovery = new PostcopyRecovery(qmp.Client, destination, TimeSpan.FromMilliseconds(300), NullLogger.Instance);
        var neverUp = new TaskCompletionSource().Task;

        var reason = await recovery.RecoverAsync(DateTimeOffset.UtcNow, neverUp, "the link of host b", CancellationToken.None).Within();

        Assert.NotNull(reason);
        Assert.Contains("the link of host b did not come back", reason);
        Assert.Contains("the guest is lost", reason);
        Assert.Equal(0, recovery.Count);
        Assert.Equal(0, destination.Calls);
        // The first command QEMU sees after giving up is this one: no migrate was sent.
        var probe = qmp.Client.QueryStatusAsync();
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        await probe.Within();
    }

    [Fact]
    public async Task A_destination_that_cannot_listen_again_is_retried_until_the_limit_and_its_reason_is_kept()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var destination = new ListeningDestination { Refusal = "host b holds no incoming VM vm-1 for run r1" };
        // The lab's clock, moved by the test: attempts at 0 s and 1 s (one a second), the limit at 1.5 s.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recovery = new PostcopyRecovery(qmp.Client, destination, TimeSpan.FromMilliseconds(1500), NullLogger.Instance, time);

        var recovering = recovery.RecoverAsync(time.GetUtcNow(), Task.CompletedTask, "the link of host b", CancellationToken.None);
        for (var i = 0; i < 100 && !recovering.IsCompleted; i++)
        {
            await Task.Delay(50);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        var reason = await recovering.Within();

        Assert.NotNull(reason);
        Assert.Contains("the guest is lost", reason);
        Assert.Contains("host b holds no incoming VM", reason);
        Assert.InRange(destination.Calls, 2, 3);
    }

    [Fact]
    public async Task QEMU_failing_the_migration_while_it_recovers_loses_the_guest_at_once()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var recovery = new PostcopyRecovery(qmp.Client, new ListeningDestination(), TimeSpan.FromSeconds(30), NullLogger.Instance);

        var recovering = recovery.RecoverAsync(DateTimeOffset.UtcNow, Task.CompletedTask, "the link of host b", CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate"), "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.Failed));

        var reason = await recovering.Within();
        Assert.NotNull(reason);
        Assert.Contains("failed", reason);
        Assert.Contains("lost", reason);
    }

    private static string Status(string status) => $$"""{"status": "{{status}}"}""";

    private sealed class ListeningDestination : IIncomingRecovery
    {
        public int Calls { get; private set; }
        public string? Refusal { get; init; }

        public Task<string> ListenAgainAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Refusal is null ? Task.FromResult(Uri) : Task.FromException<string>(new MigrationSetupException(Refusal));
        }
    }
}
