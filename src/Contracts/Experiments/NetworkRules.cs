using static MigrationAspire.Contracts.RunSpecRules;
using static MigrationAspire.Contracts.SpecLimits;

namespace MigrationAspire.Contracts;

/// <summary>The rules for <c>network</c>: a link the kernel can shape, delays the delay line can hold, an outage within the run.</summary>
internal static class NetworkRules
{
    public static void Check(NetworkSpec network, MigrationSpec migration, List<FieldError> errors)
    {
        if (network.BandwidthMbit is { } rate && !(rate > 0 && rate <= MaxLinkBandwidthMbit))
            errors.Add(new("network.bandwidthMbit", Invariant(
                $"network.bandwidthMbit must be above 0 and at most {MaxLinkBandwidthMbit} Mbit/s when set (was {Shown(rate)}). Leave it out for an unshaped link.")));
        Range(errors, "network.latencyMs", network.LatencyMs, 0, MaxLinkDelayMs, " ms");
        Range(errors, "network.jitterMs", network.JitterMs, 0, MaxLinkDelayMs, " ms");
        if (network.Outage is not { } outage)
            return;
        var limit = migration.MaxTimeSeconds;
        if (!(outage.AtSeconds >= 0 && outage.AtSeconds < limit))
            errors.Add(new("network.outage.atSeconds", Invariant(
                $"network.outage.atSeconds must be at least 0 and below migration.maxTimeSeconds ({Shown(limit)} s), the run's time limit (was {Shown(outage.AtSeconds)}).")));
        if (!(outage.DurationMs >= 1 && outage.DurationMs <= limit * 1000))
            errors.Add(new("network.outage.durationMs", Invariant(
                $"network.outage.durationMs must be between 1 ms and the run's time limit, migration.maxTimeSeconds ({Shown(limit)} s) (was {outage.DurationMs}).")));
    }
}
