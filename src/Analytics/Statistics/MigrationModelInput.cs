using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Statistics;

/// <summary>The parameters of <see cref="PrecopyModel"/>; sizes in bytes, rates in bytes per second.</summary>
public sealed record MigrationModelInput
{
    /// <summary>
    /// V: the bytes that must really be sent. QEMU sends a zero page as a marker of a few bytes,
    /// so pass the non-zero part of guest memory, not its configured size, to model that.
    /// </summary>
    public required double MemoryBytes { get; init; }

    /// <summary>W: the writable working set; no pass can find more than this dirty.</summary>
    public required double WorkingSetBytes { get; init; }

    /// <summary>D: the rate at which the guest dirties memory.</summary>
    public required double DirtyRateBytesPerSecond { get; init; }

    /// <summary>R: the migration link's effective rate (the bandwidth cap, if it binds).</summary>
    public required double BandwidthBytesPerSecond { get; init; }

    /// <summary>Pre-copy stops once the rest can be sent within this; QEMU's default is 300 ms.</summary>
    public double DowntimeLimitSeconds { get; init; } = 0.3;

    /// <summary>Most live passes before switch-over is forced; QEMU itself has no such cap.</summary>
    public required int MaxPasses { get; init; }

    /// <summary>Fixed cost of switching over (stopping, device state handshake, resuming).</summary>
    public double SwitchOverheadSeconds { get; init; }

    /// <summary>Device state sent while the guest is paused, in every mode.</summary>
    public double DeviceStateBytes { get; init; }

    public MigrationMode Mode { get; init; } = MigrationMode.Precopy;

    /// <summary>Post-copy only: live pre-copy passes before switching to post-copy; 0 switches at once (pure post-copy).</summary>
    public int PostcopyAfterPasses { get; init; } = 1;

    internal void Validate()
    {
        NonNegative(MemoryBytes, nameof(MemoryBytes));
        NonNegative(WorkingSetBytes, nameof(WorkingSetBytes));
        NonNegative(DirtyRateBytesPerSecond, nameof(DirtyRateBytesPerSecond));
        NonNegative(BandwidthBytesPerSecond, nameof(BandwidthBytesPerSecond));
        if (BandwidthBytesPerSecond == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(BandwidthBytesPerSecond), 0.0, "Bandwidth must be > 0: nothing is sent over a dead link.");
        }

        NonNegative(DowntimeLimitSeconds, nameof(DowntimeLimitSeconds));
        NonNegative(SwitchOverheadSeconds, nameof(SwitchOverheadSeconds));
        NonNegative(DeviceStateBytes, nameof(DeviceStateBytes));
        AtLeastOne(MaxPasses, nameof(MaxPasses));
        NonNegative(PostcopyAfterPasses, nameof(PostcopyAfterPasses));
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown migration mode.");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0.");
        }
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}
