using System.Diagnostics;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

public sealed class QmpClientFailureTests
{
    [Fact]
    public async Task ExecuteAsync_peer_never_answers_throws_timeout_within_the_timeout()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var clock = Stopwatch.StartNew();

        var executing = qmp.Client.ExecuteAsync("query-migrate", timeout: TimeSpan.FromMilliseconds(300));
        await qmp.Peer.ExpectAsync("query-migrate");
        var error = await Assert.ThrowsAsync<TimeoutException>(() => executing.Within());

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Contains("'query-migrate'", error.Message);
        Assert.True(qmp.Client.IsConnected);
    }

    [Fact]
    public async Task ExecuteAsync_default_timeout_from_options_applies()
    {
        await using var qmp = await ConnectedQmp.StartAsync(
            new QmpClientOptions { DefaultCommandTimeout = TimeSpan.FromMilliseconds(300) });

        var executing = qmp.Client.QueryStatusAsync();
        await qmp.Peer.ExpectAsync("query-status");

        await Assert.ThrowsAsync<TimeoutException>(() => executing.Within());
    }

    [Fact]
    public async Task ExecuteAsync_peer_closes_mid_command_throws_connection_closed_naming_the_command()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.MigrateAsync("tcp:127.0.0.1:4444");
        await qmp.Peer.ExpectAsync("migrate");
        qmp.Peer.CloseConnection();
        var error = await Assert.ThrowsAsync<QmpConnectionClosedException>(() => executing.Within());

        Assert.Contains("'migrate'", error.Message);
        await qmp.Client.Completion.Within();
        Assert.False(qmp.Client.IsConnected);
    }

    [Fact]
    public async Task ExecuteAsync_after_connection_closed_throws_connection_closed()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        qmp.Peer.CloseConnection();
        await qmp.Client.Completion.Within();

        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => qmp.Client.QueryStatusAsync().Within());
    }

    [Fact]
    public async Task ExecuteAsync_cancelled_throws_operation_canceled_and_connection_survives()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        using var cancellation = new CancellationTokenSource();

        var executing = qmp.Client.QueryMigrateAsync(cancellation.Token);
        await qmp.Peer.ExpectAsync("query-migrate");
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executing.Within());

        var next = qmp.Client.QueryStatusAsync();
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        Assert.True((await next.Within()).Running);
    }

    [Fact]
    public async Task DisposeAsync_with_pending_command_and_subscribers_fails_command_and_completes_streams()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        using var subscription = qmp.Client.SubscribeEvents();
        var draining = DrainAsync(subscription);
        var waiting = qmp.Client.WaitForEventAsync(QmpEventNames.Migration, TimeSpan.FromMinutes(1));
        var executing = qmp.Client.QueryMigrateAsync();
        await qmp.Peer.ExpectAsync("query-migrate");

        await qmp.Client.DisposeAsync().AsTask().Within();

        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => executing.Within());
        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => waiting.Within());
        Assert.Equal(0, await draining.Within());
        Assert.False(qmp.Client.IsConnected);
    }

    [Fact]
    public async Task Peer_closes_event_streams_complete()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        using var subscription = qmp.Client.SubscribeEvents();
        var draining = DrainAsync(subscription);

        await qmp.Peer.SendAsync(QmpTranscripts.StopEvent);
        qmp.Peer.CloseConnection();

        Assert.Equal(1, await draining.Within());
    }

    [Fact]
    public async Task SubscribeEvents_after_close_completes_immediately()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        await qmp.Client.DisposeAsync().AsTask().Within();

        using var subscription = qmp.Client.SubscribeEvents();

        Assert.Equal(0, await DrainAsync(subscription).Within());
    }

    private static async Task<int> DrainAsync(QmpEventSubscription subscription)
    {
        var count = 0;
        await foreach (var _ in subscription)
            count++;
        return count;
    }
}
