using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

public sealed class QmpClientCommandTests
{
    [Fact]
    public async Task ExecuteAsync_reply_returns_the_return_value()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.ExecuteAsync("query-status");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);
        var reply = await executing.Within();

        Assert.Equal("running", reply.GetProperty("status").GetString());
        Assert.True(reply.GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task ExecuteAsync_of_T_reads_a_kebab_case_reply_into_a_record()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.ExecuteAsync<VmStatusInfo>("query-status");
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("query-status"), QmpTranscripts.QueryStatusRunning);

        Assert.Equal(new VmStatusInfo(true, "running"), await executing.Within());
    }

    [Fact]
    public async Task ExecuteAsync_arguments_are_sent_in_kebab_case_with_nulls_omitted()
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
    public async Task ExecuteAsync_qmp_error_throws_qmp_exception_with_class_description_and_command()
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
    public async Task ExecuteAsync_two_concurrent_commands_answered_out_of_order_each_gets_its_own_reply()
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
    public async Task ExecuteAsync_events_and_reply_in_one_read_all_are_dispatched()
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
    public async Task ExecuteAsync_late_reply_after_timeout_is_discarded_and_later_commands_still_match()
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
    public async Task ExecuteAsync_malformed_lines_from_peer_are_ignored()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var executing = qmp.Client.QueryStatusAsync();
        var command = await qmp.Peer.ExpectAsync("query-status");
        await qmp.Peer.SendAsync("{not json", "[1, 2]", """{"return": {}}""", """{"return": {}, "id": "unknown"}""");
        await qmp.Peer.ReplyAsync(command, QmpTranscripts.QueryStatusRunning);

        Assert.Equal("running", (await executing.Within()).Status);
    }
}
