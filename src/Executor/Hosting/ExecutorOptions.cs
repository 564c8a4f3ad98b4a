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

    /// <summary>The address this host's destination QEMUs listen on for migration streams: its own address on the
    /// lab network when <see cref="Network"/> is set (the app host passes both), else loopback.</summary>
    [Required]
    public string MigrationAddress { get; set; } = "127.0.0.1";

    /// <summary>The lab network this host joins (<c>Executor:Network:LabDirectory</c>); loopback when unset.</summary>
    public ExecutorNetworkOptions Network { get; set; } = new();

    [Range(128, 1_048_576)]
    public int MemoryBudgetMiB { get; set; } = 4096;

    [Range(1, 256)]
    public int MaxVms { get; set; } = 4;

    /// <summary>How often a migrating source reads <c>query-migrate</c> into the run's live samples.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the executor waits for a booting guest's workload; the scheduler's deadline for the step is longer.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long <c>auto</c> gives a KVM guest to reach its workload before it settles for TCG.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan KvmProbeTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the destination watches the guest after switch-over before it verifies memory.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConfirmWatch { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The destination probes the guest's dirty rate during its watch, for the VM's next run, which starts from this
    /// host (issue 17: one probe second less per run on a reused guest). Off: every run probes right before it migrates.
    /// </summary>
    public bool ProbeDuringCheck { get; set; } = true;

    /// <summary>
    /// Test only: accept commands that harm guests on purpose (<c>DamageGuest</c>), so end-to-end tests can prove the
    /// integrity check fires. Off in every lab; the end-to-end fixture turns it on through <c>Lab:TestCommands</c>.
    /// </summary>
    public bool TestCommands { get; set; }
}

/// <summary>Where the lab network of this host is: the app host created it, this executor only opens it.</summary>
public sealed class ExecutorNetworkOptions
{
    /// <summary>The lab directory that names the network (<c>LabNames.For</c>); null: no namespaces, loopback.</summary>
    public string? LabDirectory { get; set; }
}
