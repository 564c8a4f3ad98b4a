using System.Diagnostics;
using System.Text.RegularExpressions;
using MigrationAspire.Contracts;
using MigrationAspire.Executor.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MigrationAspire.Executor.Qemu;

/// <summary>
/// Decides between KVM and TCG. <c>auto</c> boots a real guest under KVM and takes KVM only if the workload is
/// up within seconds (a nested or paravirtual KVM may open fine and then crawl); TCG needs QEMU ≥ 9.0, whose
/// dirty-bitmap fix keeps TCG guests intact across live migration (docs/machine-facts.md, "Accelerator" and
/// "QEMU ≥ 9.0 whenever TCG migrates").
/// </summary>
public sealed partial class AcceleratorProbe(IOptions<ExecutorOptions> options, ILogger<AcceleratorProbe> logger)
{
    public async Task<AcceleratorChoice> ChooseAsync(GuestImage image, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var version = await QemuVersionAsync(settings.QemuBinary, cancellationToken);
        switch (settings.Accelerator)
        {
            case "tcg":
                return Tcg(version, "configured: Executor:Accelerator=tcg");
            case "kvm":
                return new AcceleratorChoice("kvm", "configured: Executor:Accelerator=kvm", version);
        }

        if (!File.Exists("/dev/kvm"))
            return Tcg(version, "auto: /dev/kvm does not exist");
        var (booted, detail) = await TryKvmBootAsync(settings, image, cancellationToken);
        return booted
            ? new AcceleratorChoice("kvm", $"auto: a KVM guest reached its workload in {detail}", version)
            : Tcg(version, $"auto: KVM did not boot a guest in {settings.KvmProbeTime.TotalSeconds:0.#} s ({detail})");
    }

    internal static AcceleratorChoice Tcg(string version, string reason)
    {
        if (!Version.TryParse(version, out var parsed) || parsed.Major < 9)
            throw new InvalidOperationException(
                $"QEMU {version} corrupts guest memory when it live-migrates under TCG (fixed in 9.0: \"physmem: Fix migration dirty bitmap coherency with TCG memory access\"). Install QEMU ≥ 9.0 (./lab installs it from bookworm-backports on Debian 12).");
        return new AcceleratorChoice("tcg", reason, version);
    }

    private async Task<(bool Booted, string Detail)> TryKvmBootAsync(ExecutorOptions settings, GuestImage image, CancellationToken cancellationToken)
    {
        var launch = new QemuLaunch("kvm-probe", Path.Combine(settings.WorkDirectory, "kvm-probe"),
            new VmSpec { MemoryMiB = 256, Vcpus = 1 }, new WorkloadSpec { WorkingSetMiB = 8, DirtyRatePagesPerSecond = 100 }, "kvm", Incoming: false);
        var clock = Stopwatch.StartNew();
        try
        {
            await using var qemu = await QemuProcess.StartAsync(settings.QemuBinary, launch, image, logger, cancellationToken);
            await qemu.Console.Ready.WaitAsync(settings.KvmProbeTime, cancellationToken);
            return (true, $"{clock.Elapsed.TotalSeconds:F1} s");
        }
        catch (TimeoutException)
        {
            return (false, "the guest's workload was not ready in time");
        }
        catch (Exception e) when (e is QemuFailedException or InvalidOperationException)
        {
            logger.LogInformation("KVM probe failed: {Reason}", e.Message);
            return (false, e.Message.Length > 300 ? e.Message[..300] : e.Message);
        }
    }

    public static async Task<string> QemuVersionAsync(string qemuBinary, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(qemuBinary, "--version") { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var match = VersionPattern().Match(output);
            return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"Cannot read QEMU's version from: {output}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{qemuBinary} is not installed: ./lab installs it (scripts/prereqs.sh).");
        }
    }

    [GeneratedRegex(@"version (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
