using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

/// <summary>The typed wrappers send what QEMU 10 expects and read what it really answers.</summary>
public sealed class QmpTypedCommandTests
{
    [Fact]
    public async Task QueryMigrateAsync_active_reply_maps_every_kebab_case_member()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate", QmpTranscripts.QueryMigrateActive);

        Assert.Equal(MigrationStatus.Active, info.Status);
        Assert.Equal(300, info.ExpectedDowntime);
        Assert.Equal(2001, info.TotalTime);
        Assert.Equal(1, info.SetupTime);
        Assert.Null(info.Downtime);
        var ram = info.Ram!;
        Assert.Equal(1, ram.Pass);
        Assert.Equal(56438784, ram.Remaining);
        Assert.Equal(10508399, ram.Transferred);
        Assert.Equal(67641344, ram.Total);
        Assert.Equal(10485760, ram.NormalBytes);
        Assert.Equal(2560, ram.Normal);
        Assert.Equal(175, ram.Duplicate);
        Assert.Equal(4096, ram.PageSize);
        Assert.Equal(1280, ram.PagesPerSecond);
        Assert.Equal(10507977, ram.PrecopyBytes);
        Assert.Equal(42.0264, ram.Mbps, 4);
    }

    [Fact]
    public async Task QueryMigrateAsync_completed_with_xbzrle_maps_downtime_and_cache_stats()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate", QmpTranscripts.QueryMigrateCompletedWithXbzrle);

        Assert.True(MigrationStatus.IsFinal(info.Status));
        Assert.Equal(3, info.Downtime);
        Assert.Equal(107047, info.Ram!.DowntimeBytes);
        Assert.Equal(67108864, info.XbzrleCache!.CacheSize);
        Assert.Equal(3, info.XbzrleCache.CacheMiss);
    }

    [Fact]
    public async Task QueryMigrateAsync_on_a_destination_that_completed_post_copy_maps_its_blocktime_figures()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate",
            """{"status": "completed", "postcopy-blocktime": 412, "postcopy-vcpu-blocktime": [412, 97]}""");

        Assert.Equal(412, info.PostcopyBlocktime);
        Assert.Equal([412L, 97L], info.PostcopyVcpuBlocktime);
    }

    [Fact]
    public async Task QueryMigrateAsync_failed_exposes_error_desc()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate", QmpTranscripts.QueryMigrateFailed);

        Assert.Equal(MigrationStatus.Failed, info.Status);
        Assert.Contains("Connection refused", info.ErrorDesc);
        Assert.Null(info.Ram);
    }

    [Fact]
    public async Task QueryMigrateAsync_incoming_destination_exposes_socket_address()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate", QmpTranscripts.QueryMigrateIncomingSetup);

        Assert.Equal(new QmpSocketAddress("inet", "127.0.0.1", "47011", null), Assert.Single(info.SocketAddress!));
    }

    [Fact]
    public async Task QueryMigrateAsync_no_migration_yet_has_null_status()
    {
        var info = await ReplyToAsync(c => c.QueryMigrateAsync(), "query-migrate", "{}");

        Assert.Null(info.Status);
        Assert.False(MigrationStatus.IsFinal(info.Status));
    }

    [Fact]
    public async Task QueryDirtyRateAsync_measured_maps_rate_and_mode()
    {
        var rate = await ReplyToAsync(c => c.QueryDirtyRateAsync(), "query-dirty-rate", QmpTranscripts.QueryDirtyRateMeasured);

        Assert.Equal(new DirtyRateInfo("measured", 0, 1796012714, 1, "second", 512, DirtyRateMode.PageSampling, null), rate);
    }

    [Fact]
    public async Task GetSupportedMigrationCapabilitiesAsync_returns_capability_names()
    {
        var names = await ReplyToAsync(
            c => c.GetSupportedMigrationCapabilitiesAsync(), "query-migrate-capabilities", QmpTranscripts.MigrationCapabilitiesSubset);

        Assert.Equal(5, names.Count);
        Assert.Contains(MigrationCapability.PostcopyRam, names);
        Assert.DoesNotContain(MigrationCapability.SwitchoverAck, names);
    }

    public static TheoryData<string, string?> CommandsAndTheirArguments() => new()
    {
        { "migrate", """{"uri":"tcp:127.0.0.1:4444"}""" },
        { "migrate-incoming", """{"uri":"tcp:0.0.0.0:4444","exit-on-error":false}""" },
        { "migrate-set-capabilities", """{"capabilities":[{"capability":"events","state":true},{"capability":"postcopy-ram","state":true}]}""" },
        { "calc-dirty-rate", """{"calc-time":2,"mode":"page-sampling"}""" },
        { "migrate_cancel", null },
        { "migrate-start-postcopy", null },
        { "stop", null },
        { "cont", null },
    };

    [Theory]
    [MemberData(nameof(CommandsAndTheirArguments))]
    public async Task Typed_command_sends_qemu_10_name_and_arguments(string execute, string? expectedArguments)
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var client = qmp.Client;

        var executing = execute switch
        {
            "migrate" => client.MigrateAsync("tcp:127.0.0.1:4444"),
            "migrate-incoming" => client.MigrateIncomingAsync("tcp:0.0.0.0:4444", exitOnError: false),
            "migrate-set-capabilities" => client.SetMigrationCapabilitiesAsync(
                [new(MigrationCapability.Events, true), new(MigrationCapability.PostcopyRam, true)]),
            "calc-dirty-rate" => client.CalcDirtyRateAsync(calcTimeSeconds: 2),
            "migrate_cancel" => client.MigrateCancelAsync(),
            "migrate-start-postcopy" => client.MigrateStartPostcopyAsync(),
            "stop" => client.StopAsync(),
            "cont" => client.ContAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(execute)),
        };
        var command = await qmp.Peer.ExpectAsync(execute);
        await qmp.Peer.ReplyAsync(command, "{}");
        await executing.Within();

        Assert.Equal(expectedArguments, command.Arguments?.GetRawText());
    }

    [Fact]
    public async Task QuitAsync_peer_replies_then_closes_returns_once_closed()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var quitting = qmp.Client.QuitAsync();
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync("quit"), "{}");
        qmp.Peer.CloseConnection();

        await quitting.Within();
        Assert.False(qmp.Client.IsConnected);
    }

    [Fact]
    public async Task QuitAsync_peer_closes_before_replying_still_returns()
    {
        await using var qmp = await ConnectedQmp.StartAsync();

        var quitting = qmp.Client.QuitAsync();
        await qmp.Peer.ExpectAsync("quit");
        qmp.Peer.CloseConnection();

        await quitting.Within();
    }

    private static async Task<T> ReplyToAsync<T>(Func<QmpClient, Task<T>> call, string execute, string returnJson)
    {
        await using var qmp = await ConnectedQmp.StartAsync();
        var executing = call(qmp.Client);
        await qmp.Peer.ReplyAsync(await qmp.Peer.ExpectAsync(execute), returnJson);
        return await executing.Within();
    }
}
