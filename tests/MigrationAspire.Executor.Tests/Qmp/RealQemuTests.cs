using MigrationAspire.Contracts;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

/// <summary>Against the installed QEMU: the transcripts and typed records must match the real thing.</summary>
public sealed class RealQemuTests
{
    [Fact]
    public async Task Real_qemu_monitor_only_machine_answers_queries_rejects_bad_arguments_and_quits()
    {
        await using var qemu = QemuProcess.Start("-machine", "none");
        using var client = await QmpClient.ConnectAsync(qemu.QmpSocketPath).Within();

        Assert.True(client.Greeting.QemuVersion.IsAtLeast(9), $"QEMU {client.Greeting.QemuVersion} < 9.0 corrupts memory when migrating under TCG.");
        Assert.Equal(client.Greeting.QemuVersion, (await client.QueryVersionAsync().Within()).Qemu);
        Assert.Equal(new VmStatusInfo(true, "running"), await client.QueryStatusAsync().Within());
        Assert.Contains(MigrationCapability.PostcopyRam, await client.GetSupportedMigrationCapabilitiesAsync().Within());

        var error = await Assert.ThrowsAsync<QmpException>(() => client.ExecuteAsync("migrate", new { Urix = "tcp:127.0.0.1:1" }).Within());
        Assert.Equal("GenericError", error.ErrorClass);
        Assert.Contains("urix", error.Description);

        var shutdown = client.WaitForEventAsync(QmpEventNames.Shutdown, TestTimeouts.Step);
        await client.QuitAsync().Within();
        await shutdown.Within();
        Assert.False(client.IsConnected);
        await qemu.WaitForExitAsync();
        Assert.Equal(0, qemu.ExitCode);
    }

    [Fact]
    public async Task Real_qemu_loopback_migration_completes_with_events_and_ram_statistics()
    {
        string[] machine = ["-machine", "pc", "-accel", "tcg", "-m", "64"];
        await using var sourceQemu = QemuProcess.Start(machine);
        await using var destinationQemu = QemuProcess.Start([.. machine, "-incoming", "defer"]);
        using var source = await QmpClient.ConnectAsync(sourceQemu.QmpSocketPath).Within();
        using var destination = await QmpClient.ConnectAsync(destinationQemu.QmpSocketPath).Within();
        var migrationSocket = ScriptedQmpPeer.NewSocketPath();
        try
        {
            foreach (var client in (QmpClient[])[source, destination])
                await client.SetMigrationCapabilitiesAsync([new(MigrationCapability.Events, true)]).Within();
            await source.SetMigrationParametersAsync(new MigrationParameters { MaxBandwidth = 256L << 20, DowntimeLimit = 100 }).Within();
            var parameters = await source.QueryMigrationParametersAsync().Within();
            Assert.Equal((256L << 20, 100L), (parameters.MaxBandwidth, parameters.DowntimeLimit));

            await destination.MigrateIncomingAsync($"unix:{migrationSocket}").Within();
            var listening = await destination.QueryMigrateAsync().Within();
            Assert.Equal(migrationSocket, Assert.Single(listening.SocketAddress!).Path);

            var sourceCompleted = source.WaitForEventAsync(IsMigrationCompleted, TimeSpan.FromMinutes(1));
            var destinationCompleted = destination.WaitForEventAsync(IsMigrationCompleted, TimeSpan.FromMinutes(1));
            await source.MigrateAsync($"unix:{migrationSocket}").Within();
            await sourceCompleted.WaitAsync(TimeSpan.FromMinutes(1));
            await destinationCompleted.WaitAsync(TimeSpan.FromMinutes(1));

            var info = await source.QueryMigrateAsync().Within();
            Assert.Equal(MigrationStatus.Completed, info.Status);
            Assert.NotNull(info.Downtime);
            Assert.InRange(info.Ram!.Total, 64L << 20, 80L << 20);
            Assert.True(info.Ram.Pass >= 1);
            Assert.Equal(4096, info.Ram.PageSize);
            Assert.Equal("postmigrate", (await source.QueryStatusAsync().Within()).Status);
            Assert.True((await destination.QueryStatusAsync().Within()).Running);
        }
        finally
        {
            File.Delete(migrationSocket);
        }
    }

    private static bool IsMigrationCompleted(QmpEvent e) =>
        e.Name == QmpEventNames.Migration && e.GetData<MigrationEventData>().Status == MigrationStatus.Completed;
}
