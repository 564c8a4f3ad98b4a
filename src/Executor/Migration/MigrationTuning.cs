using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Migration;

/// <summary>Turns a <see cref="MigrationSpec"/> into QEMU capabilities and parameters, for each side.</summary>
public static class MigrationTuning
{
    private const long MiB = 1024 * 1024;

    /// <summary>Post-copy may be started: by the mode, a limit's action, or the stall policy's action. QEMU takes
    /// <c>postcopy-ram</c> only before <c>migrate</c>, on both ends.</summary>
    public static bool NeedsPostcopy(MigrationSpec spec) =>
        spec.Mode == MigrationMode.Postcopy || spec.OnLimit == LimitAction.Postcopy
        || spec.Policy is { Kind: ConvergencePolicyKind.Stall, Stall.Action: StallAction.Postcopy };

    /// <summary>The capabilities the source sets; every one listed is turned on or off explicitly.</summary>
    public static IReadOnlyList<MigrationCapabilityState> SourceCapabilities(MigrationSpec spec) =>
    [
        new(MigrationCapability.Events, true),
        new(MigrationCapability.PostcopyRam, NeedsPostcopy(spec)),
        new(MigrationCapability.AutoConverge, spec.AutoConverge is not null),
        new(MigrationCapability.Multifd, spec.MultifdChannels is not null),
        new(MigrationCapability.Xbzrle, spec.XbzrleCacheMiB is not null),
    ];

    /// <summary>The capabilities both ends of the stream must agree on.</summary>
    public static IReadOnlyList<MigrationCapabilityState> DestinationCapabilities(MigrationSpec spec) =>
    [
        new(MigrationCapability.Events, true),
        new(MigrationCapability.PostcopyRam, NeedsPostcopy(spec)),
        new(MigrationCapability.Multifd, spec.MultifdChannels is not null),
    ];

    /// <summary>
    /// Capabilities the destination sets where this QEMU has them: without one the run goes on, and the figures it
    /// gives stay null (QEMU's <c>postcopy-blocktime</c> makes the destination time each vCPU's stalls on missing pages).
    /// </summary>
    public static IReadOnlyList<MigrationCapabilityState> OptionalDestinationCapabilities(MigrationSpec spec) =>
    [
        new(MigrationCapability.PostcopyBlocktime, NeedsPostcopy(spec)),
    ];

    // QEMU's own defaults. A VM carries its parameters from one migration to the next (repetitions reuse it),
    // so every parameter is set on every migration, to the spec's value or back to QEMU's default.
    private const long DefaultMaxBandwidth = 128 * MiB;
    internal const long DefaultDowntimeLimitMs = 300;
    private const int DefaultMultifdChannels = 2;
    private const long DefaultXbzrleCache = 64 * MiB;
    private const int DefaultThrottleInitial = 20;
    private const int DefaultThrottleIncrement = 10;

    public static MigrationParameters SourceParameters(MigrationSpec spec) => new()
    {
        MaxBandwidth = spec.MaxBandwidthMiBps is { } bw ? (long)Math.Round(bw * MiB) : DefaultMaxBandwidth,
        // The cap models the link, so it holds after a switch to post-copy too (QEMU's own default there is unlimited).
        // QEMU still lifts it for the final copy: docs/machine-facts.md, "max-bandwidth is not a link".
        MaxPostcopyBandwidth = spec.MaxBandwidthMiBps is { } pbw ? (long)Math.Round(pbw * MiB) : 0,
        // The policy owns the first limit: static and stall start from the spec's, stepped and ramp from their own.
        DowntimeLimit = ConvergencePolicies.For(spec).InitialDowntimeLimitMs,
        MultifdChannels = spec.MultifdChannels ?? DefaultMultifdChannels,
        MultifdCompression = spec.Compression.ToString().ToLowerInvariant(),
        XbzrleCacheSize = spec.XbzrleCacheMiB is { } cache ? cache * MiB : DefaultXbzrleCache,
        CpuThrottleInitial = spec.AutoConverge?.InitialThrottlePercent ?? DefaultThrottleInitial,
        CpuThrottleIncrement = spec.AutoConverge?.IncrementPercent ?? DefaultThrottleIncrement,
    };

    public static MigrationParameters DestinationParameters(MigrationSpec spec) => new()
    {
        MultifdChannels = spec.MultifdChannels ?? DefaultMultifdChannels,
        MultifdCompression = spec.Compression.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Sets capabilities and parameters, first checking that this QEMU has every capability asked for; of the
    /// <paramref name="optional"/> ones, those this QEMU has.
    /// </summary>
    /// <exception cref="MigrationSetupException">A capability is missing, or QEMU refused a value.</exception>
    public static async Task ApplyAsync(
        QmpClient qmp, IReadOnlyList<MigrationCapabilityState> capabilities, MigrationParameters parameters,
        string host, CancellationToken cancellationToken, IReadOnlyList<MigrationCapabilityState>? optional = null)
    {
        var supported = await qmp.GetSupportedMigrationCapabilitiesAsync(cancellationToken);
        var missing = capabilities.Where(c => c.State && !supported.Contains(c.Capability)).Select(c => c.Capability).ToList();
        if (missing.Count > 0)
            throw new MigrationSetupException(
                $"QEMU {qmp.Greeting.QemuVersion} on host {host} lacks migration capability {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        try
        {
            await qmp.SetMigrationCapabilitiesAsync(capabilities.Concat(optional ?? []).Where(c => supported.Contains(c.Capability)), cancellationToken);
            await qmp.SetMigrationParametersAsync(parameters, cancellationToken);
        }
        catch (QmpException e)
        {
            throw new MigrationSetupException($"QEMU on host {host} refused the migration settings: {e.Description}");
        }
    }
}

/// <summary>The migration cannot be set up as asked (capability missing, value refused).</summary>
public sealed class MigrationSetupException(string message) : Exception(message);
