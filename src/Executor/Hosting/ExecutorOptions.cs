using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Executor.Hosting;

/// <summary>One executor: the hypervisor host it drives and that host's budget.</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Executor";

    /// <summary>The host's name in the lab ("a", "b", …); commands for it arrive on queue <c>executor-{name}</c>.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{0,30}$")]
    public string HostName { get; set; } = "";

    /// <summary>Where this host keeps one directory per QEMU process.</summary>
    [Required]
    public string WorkDirectory { get; set; } = "";

    /// <summary>The built guest image: <c>vmlinux</c> or <c>vmlinuz</c>, <c>initrd.img</c>, <c>manifest.json</c>.</summary>
    [Required]
    public string GuestDirectory { get; set; } = "";

    /// <summary><c>auto</c> proves KVM really boots a guest quickly and falls back to TCG; <c>kvm</c>, <c>tcg</c> force one.</summary>
    [RegularExpression("^(auto|kvm|tcg)$")]
    public string Accelerator { get; set; } = "auto";

    public string QemuBinary { get; set; } = "qemu-system-x86_64";

    /// <summary>The address this host's destination QEMUs listen on for migration streams.</summary>
    [Required]
    public string MigrationAddress { get; set; } = "127.0.0.1";

    [Range(128, 1_048_576)]
    public int MemoryBudgetMiB { get; set; } = 4096;

    [Range(1, 256)]
    public int MaxVms { get; set; } = 4;

    [Range(10, 10_000)]
    public int SampleIntervalMs { get; set; } = 100;

    [Range(0.2, 60)]
    public double HeartbeatIntervalSeconds { get; set; } = 2;

    [Range(5, 600)]
    public int BootTimeoutSeconds { get; set; } = 90;

    /// <summary>How long <c>auto</c> gives a KVM guest to reach its workload before it settles for TCG.</summary>
    [Range(1, 120)]
    public int KvmProbeSeconds { get; set; } = 10;

    /// <summary>How long the destination watches the guest after switch-over before it verifies memory.</summary>
    [Range(100, 60_000)]
    public int ConfirmWatchMs { get; set; } = 1000;

    /// <summary>
    /// Test only: accept commands that harm guests on purpose (<c>DamageGuest</c>), so end-to-end tests can prove the
    /// integrity check fires. Off in every lab; the end-to-end fixture turns it on through <c>Lab:TestCommands</c>.
    /// </summary>
    public bool TestCommands { get; set; }
}
