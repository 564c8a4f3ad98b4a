using System.Diagnostics;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Tests.Qmp;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationAspire.Executor.Tests.Hosting;

public sealed class OrphanReaperTests : IDisposable
{
    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"ma-reap-{Guid.NewGuid():n}"[..16]);

    [Fact]
    public async Task ReapAsync_qemu_left_by_a_crashed_executor_is_killed_and_its_directory_removed()
    {
        var vmDirectory = Path.Combine(workDirectory, "vm1-abcdef12");
        Directory.CreateDirectory(vmDirectory);
        using var orphan = Process.Start(new ProcessStartInfo("qemu-system-x86_64")
        {
            ArgumentList = { "-machine", "none", "-nodefaults", "-display", "none", "-pidfile", Path.Combine(vmDirectory, "qemu.pid") },
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("qemu-system-x86_64 did not start");
        await WaitForAsync(() => File.Exists(Path.Combine(vmDirectory, "qemu.pid")));

        var reaped = await OrphanReaper.ReapAsync(workDirectory, NullLogger.Instance).Within();

        Assert.Equal(1, reaped);
        Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(10)), "the orphaned QEMU is gone");
        Assert.False(Directory.Exists(vmDirectory));
    }

    [Fact]
    public async Task ReapAsync_pid_file_naming_some_other_process_leaves_that_process_alone()
    {
        // The pid was recycled: it now belongs to a process that is not this host's QEMU.
        var vmDirectory = Path.Combine(workDirectory, "vm2-abcdef12");
        Directory.CreateDirectory(vmDirectory);
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "60")) ?? throw new InvalidOperationException("sleep did not start");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(vmDirectory, "qemu.pid"), bystander.Id.ToString());

            var reaped = await OrphanReaper.ReapAsync(workDirectory, NullLogger.Instance).Within();

            Assert.Equal(0, reaped);
            Assert.False(bystander.HasExited);
            Assert.False(Directory.Exists(vmDirectory));
        }
        finally
        {
            bystander.Kill();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition(), "condition not met within 10 s");
    }

    public void Dispose()
    {
        try { Directory.Delete(workDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
