namespace MigrationAspire.Analytics.Reports;

/// <summary>How the report names a metric for people: a label with the unit shown, the factor from the stored unit, and what it means.</summary>
internal sealed record MetricText(string Label, double Scale, string Meaning)
{
    private const double MiB = 1024 * 1024;

    private static readonly Dictionary<string, MetricText> Known = new(StringComparer.Ordinal)
    {
        ["downtimeMs"] = new("Downtime (ms)", 1,
            "How long the guest was paused. Pre-copy and post-copy: QEMU's downtime figure. When the lab paused the guest itself (stop-and-copy, " +
            "or a limit with onLimit: pause): host clock from the source's STOP event to the destination's RESUME event, since QEMU leaves a pause " +
            "it did not make out. That span holds the whole transfer plus the events' round trips, so stop-and-copy's downtime exceeds its " +
            "total time, which QEMU counts from migrate, after the guest was already paused."),
        ["guestObservedDowntimeMs"] = new("Guest saw (ms)", 1,
            "Guest saw: the longest time the guest printed no heartbeat (it prints one every 10 ms) across both consoles, from lines " +
            "timestamped on arrival at the host: the pause as a program inside the guest lived it, console latency included."),
        ["totalTimeMs"] = new("Total time (ms)", 1, "QEMU's total-time: from migrate until the migration completed."),
        ["precopyTimeMs"] = new("Pre-copy time (ms)", 1, "From migrate until the source stopped the guest; 0 for stop-and-copy, which stops it first."),
        ["transferredBytes"] = new("Data sent (MiB)", 1 / MiB, "Bytes QEMU sent to the destination, RAM and device state, in MiB."),
        ["passes"] = new("Passes", 1, "Pre-copy passes over guest memory: QEMU's dirty-sync-count."),
        ["switchoverMs"] = new("Switch-over (ms)", 1, "Host clock from the source's STOP event to the destination's RESUME event."),
        ["setupTimeMs"] = new("Setup (ms)", 1, "QEMU's setup-time: before the first byte of RAM was sent."),
        ["qemuDowntimeMs"] = new("QEMU downtime (ms)", 1, "QEMU's own downtime figure in every mode."),
        ["throughputMbps"] = new("Throughput (Mbit/s)", 1, "QEMU's mbps at the end of the migration."),
        ["dirtyPagesRate"] = new("Dirty rate (pages/s)", 1, "The last dirty-page rate QEMU reported during the migration."),
        ["measuredDirtyRate"] = new("Probed dirty rate (pages/s)", 1, "The calc-dirty-rate probe before migrating (page sampling, resolution 256 pages/s)."),
    };

    public static MetricText For(string metric) =>
        Known.GetValueOrDefault(metric) ?? new MetricText(metric, 1, "");

    public double? Show(double? value) => value * Scale;
}
