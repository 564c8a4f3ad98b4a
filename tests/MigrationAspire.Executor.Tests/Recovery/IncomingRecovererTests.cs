using MigrationAspire.Contracts;
using MigrationAspire.Executor.Migration;
using MigrationAspire.Executor.Recovery;
using MigrationAspire.Executor.Tests.Qmp;

namespace MigrationAspire.Executor.Tests.Recovery;

/// <summary>The destination's half of a post-copy recovery against a scripted QEMU.</summary>
public sealed class IncomingRecovererTests
{
    [Fact]
    public async Task A_destination_still_active_behind_a_dead_link_is_paused_before_it_listens_again()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var listening = IncomingRecoverer.ListenAgainAsync(qmp.Client, "10.77.0.3", null, CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyActive));
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("migrate-pause"), "{}");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyPaused));
        var recover = await qmp.Peer.ExpectAsync("migrate-recover");
        Assert.Equal("tcp:10.77.0.3:0", recover.Arguments!.Value.GetProperty("uri").GetString());
        await qmp.Peer.ReplyAsync(recover, "{}");
        // As QEMU 10.0.2 answered after migrate-recover: the new listener replaced the old one.
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"),
            """{"status": "postcopy-paused", "socket-address": [{"port": "43237", "ipv4": true, "host": "10.77.0.3", "type": "inet"}]}""");

        Assert.Equal("tcp:10.77.0.3:43237", await listening.Within());
    }

    [Fact]
    public async Task A_destination_that_already_listens_again_keeps_its_earlier_address()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var listening = IncomingRecoverer.ListenAgainAsync(qmp.Client, "10.77.0.3", "tcp:10.77.0.3:43237", CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.PostcopyPaused));
        await qmp.Peer.ErrorAsync(await qmp.Peer.ExpectAsync("migrate-recover"), "GenericError", "Migrate recovery is triggered already");

        Assert.Equal("tcp:10.77.0.3:43237", await listening.Within());
    }

    [Fact]
    public async Task A_destination_whose_migration_is_not_post_copy_cannot_recover_and_says_its_state()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var listening = IncomingRecoverer.ListenAgainAsync(qmp.Client, "10.77.0.3", null, CancellationToken.None);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-migrate"), Status(MigrationStatus.Active));

        var e = await Assert.ThrowsAsync<MigrationSetupException>(() => listening.Within());
        Assert.Contains("is active, not postcopy-paused", e.Message);
    }

    private static string Status(string status) => $$"""{"status": "{{status}}"}""";
}
