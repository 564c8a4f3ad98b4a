using MigrationAspire.Executor.Hosting;
using MigrationAspire.Executor.Qemu;
using MigrationAspire.Executor.Tests.MigratedGuest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MigrationAspire.Executor.Tests.Hosting;

// With the guest tests: the auto probe boots a real guest, and they must not disturb each other's timings.
[Collection(GuestCollection.Name)]
public sealed class AcceleratorProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string workDirectory = Path.Combine(Path.GetTempPath(), $"ma-kvm-{Guid.NewGuid():n}"[..15]);

    private AcceleratorProbe Probe(string accelerator) => new(Options.Create(new ExecutorOptions
    {
        HostName = "t",
        WorkDirectory = workDirectory,
        GuestDirectory = "",
        Accelerator = accelerator,
        QemuBinary = GuestQemu.BinaryPath,
        KvmProbeTime = TimeSpan.FromSeconds(4),
    }), NullLogger<AcceleratorProbe>.Instance);

    [Fact]
    public async Task ChooseAsync_auto_boots_a_guest_under_kvm_and_takes_kvm_only_if_it_is_up_in_time_saying_which()
    {
        var choice = await Probe("auto").ChooseAsync(GuestQemu.Image, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{choice.Accelerator}: {choice.Reason} (QEMU {choice.QemuVersion})");
        Assert.StartsWith("auto: ", choice.Reason);
        Assert.Contains(choice.Accelerator, new[] { "kvm", "tcg" });
        if (choice.Accelerator == "kvm")
            Assert.Contains("reached its workload", choice.Reason);
        else
            Assert.Contains("kvm", choice.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.Exists(workDirectory) ? Directory.GetDirectories(workDirectory) : []);
    }

    [Fact]
    public async Task ChooseAsync_tcg_is_taken_as_configured()
    {
        var choice = await Probe("tcg").ChooseAsync(GuestQemu.Image, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("tcg", "configured: Executor:Accelerator=tcg"), (choice.Accelerator, choice.Reason));
        Assert.True(Version.Parse(choice.QemuVersion).Major >= 9);
    }

    [Theory]
    [InlineData("7.2.0")]
    [InlineData("8.2.2")]
    public void Tcg_qemu_older_than_9_is_refused_with_the_reason(string version)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AcceleratorProbe.Tcg(version, "test"));

        Assert.Contains("corrupts guest memory", error.Message);
        Assert.Contains("9.0", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(workDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
