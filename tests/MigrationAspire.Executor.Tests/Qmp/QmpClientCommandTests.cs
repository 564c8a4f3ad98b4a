using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

public sealed class QmpClientCommandTests
{
    [Fact]
    public async Task ExecuteAsync_Reply_ReturnsTheReturnValue()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.ExecuteAsync("query-status");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        var reply = await executing.Within();

        Assert.Equal("running", reply.GetProperty("status").GetString());
        Assert.True(reply.GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task ExecuteAsyncOfT_KebabCaseReply_DeserializesIntoRecord()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.ExecuteAsync<VmStatusInfo>("query-status");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);

        Assert.Equal(new VmStatusInfo(true, "running"), await executing.Within());
    }

    [Fact]
    public async Task ExecuteAsync_Arguments_AreSentInKebabCaseWithNullsOmitted()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var parameters = new MigrationParameters { MaxBandwidth = 64 << 20, DowntimeLimit = 50, MultifdCompression = "zstd" };

        var executing = qmp.Client.SetMigrationParametersAsync(parameters);
        var command = await qmp.Peer.ExpectAsync("migrate-set-parameters");
        await qmp.Peer.ReplyAsync(command, "{}");
        await executing.Within();

        Assert.Equal(
            """{"max-bandwidth":67108864,"downtime-limit":50,"multifd-compression":"zstd"}""",
            command.Arguments!.Value.GetRawText());
    }

    [Fact]
    public async Task ExecuteAsync_QmpError_ThrowsQmpExceptionWithClassDescriptionAndCommand()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.ExecuteAsync("migrate", new { Urix = "x" });
        await qmp.Peer.ErrorAsync(await qmp.Peer.ExpectAsync("migrate"), "GenericError", "Parameter 'urix' is unexpected");
        var error = await Assert.ThrowsAsync<QmpException>(() => executing.Within());

        Assert.Equal("GenericError", error.ErrorClass);
        Assert.Equal("Parameter 'urix' is unexpected", error.Description);
        Assert.Equal("migrate", error.Command);
        Assert.Contains("'migrate'", error.Message);
        Assert.True(qmp.Client.IsConnected);
    }

    [Fact]
    public async Task ExecuteAsync_TwoConcurrentCommandsAnsweredOutOfOrder_EachGetsItsOwnReply()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var status = qmp.Client.QueryStatusAsync();
        var migration = qmp.Client.QueryMigrateAsync();
        var received = new[] { await qmp.Peer.NextCommandAsync(), await qmp.Peer.NextCommandAsync() };
        await qmp.Peer.ReplyAsync(received.Single(c => c.Execute == "query-migrate"), QmpTranscripts.QueryMigrateActive);
        await qmp.Peer.ReplyAsync(received.Single(c => c.Execute == "query-status"), QmpTranscripts.QueryStatusRunning);

        Assert.Equal(MigrationStatus.Active, (await migration.Within()).Status);
        Assert.Equal("running", (await status.Within()).Status);
        Assert.NotEqual(received[0].IdJson, received[1].IdJson);
    }

    [Fact]
    public async Task ExecuteAsync_EventsAndReplyInOneRead_AllAreDispatched()
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        using var subscription = qmp.Client.SubscribeEvents();

        var stopping = qmp.Client.StopAsync();
        var command = await qmp.Peer.ExpectAsync("stop");
        // QEMU emits STOP before it replies to "stop"; here several lines also share one write.
        await qmp.Peer.SendAsync(
            QmpTranscripts.MigrationPassEvent,
            QmpTranscripts.StopEvent,
            $$"""{"return": {}, "id": {{command.IdJson}}}""",
            QmpTranscripts.MigrationCompletedEvent);
        await stopping.Within();

        var names = await subscription.Take(3).Select(e => e.Name).ToListAsync().AsTask().Within();
        Assert.Equal([QmpEventNames.MigrationPass, QmpEventNames.Stop, QmpEventNames.Migration], names);
    }

    [Fact]
    public async Task ExecuteAsync_LateReplyAfterTimeout_IsDiscardedAndLaterCommandsStillMatch()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var slow = qmp.Client.ExecuteAsync("query-status", timeout: TimeSpan.FromMilliseconds(200));
        var slowCommand = await qmp.Peer.ExpectAsync("query-status");
        await Assert.ThrowsAsync<TimeoutException>(() => slow.Within());
        await qmp.Peer.ReplyAsync(slowCommand, """{"status": "paused", "running": false}""");

        var next = qmp.Client.QueryStatusAsync();
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        Assert.Equal("running", (await next.Within()).Status);
    }

    [Fact]
    public async Task ExecuteAsync_MalformedLinesFromPeer_AreIgnored()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.QueryStatusAsync();
        var command = await qmp.Peer.ExpectAsync("query-status");
        await qmp.Peer.SendAsync("{not json", "[1, 2]", """{"return": {}}""", """{"return": {}, "id": "unknown"}""");
        await qmp.Peer.ReplyAsync(command, QmpTranscripts.QueryStatusRunning);

        Assert.Equal("running", (await executing.Within()).Status);
    }
}
