namespace MigrationAspire.Analytics.Metrics;

/// <summary>
/// Every metric the store keeps, named as the fields of MigrationResult (defined in docs/architecture.md, "What a run measures"). Summarized ones
/// get statistics, comparisons, trends and plots; the rest are exported only, to keep the summary readable.
/// </summary>
public static class MetricCatalog
{
    public static IReadOnlyList<Metric> All { get; } =
    [
        new("downtimeMs", "ms", true, r => r.DowntimeMs),
        new("guestObservedDowntimeMs", "ms", true, r => r.GuestObservedDowntimeMs),
        new("totalTimeMs", "ms", true, r => r.TotalTimeMs),
        new("precopyTimeMs", "ms", true, r => r.PrecopyTimeMs),
        new("transferredBytes", "bytes", true, r => r.TransferredBytes),
        new("passes", "passes", true, r => r.Passes),
        new("switchoverMs", "ms", true, r => r.SwitchoverMs),
        new("setupTimeMs", "ms", true, r => r.SetupTimeMs),
        new("hostPauseMs", "ms", true, r => r.HostPauseMs),
        new("throughputMbps", "Mbit/s", true, r => r.ThroughputMbps),
        new("dirtyPagesRate", "pages/s", true, r => r.DirtyPagesRate),
        new("measuredDirtyRate", "pages/s", true, r => r.MeasuredDirtyRate),
        new("linkThroughputMbps", "Mbit/s", true, r => r.LinkThroughputMbps),
        new("rttMs", "ms", true, r => r.RttMs),
        new("expectedDowntimeMs", "ms", false, r => r.ExpectedDowntimeMs),
        new("normalBytes", "bytes", false, r => r.NormalBytes),
        new("zeroPages", "pages", false, r => r.ZeroPages),
        new("postcopyRequests", "requests", false, r => r.PostcopyRequests),
        new("cpuThrottlePercent", "%", false, r => r.CpuThrottlePercent),
        new("targetDirtyRate", "pages/s", false, r => r.TargetDirtyRate),
        new("integrityErrors", "pages", false, r => r.IntegrityErrors),
        new("pagesVerified", "pages", false, r => r.PagesVerified),
        new("sourceCpuSeconds", "s", false, r => r.SourceCpuSeconds),
        new("destinationCpuSeconds", "s", false, r => r.DestinationCpuSeconds),
        new("sampleCount", "samples", false, r => r.SampleCount),
        new("linkBytes", "bytes", false, r => r.LinkBytes),
        new("linkBandwidthMbit", "Mbit/s", false, r => r.LinkBandwidthMbit),
        new("downtimeBytes", "bytes", false, r => r.DowntimeBytes),
    ];

    public static IReadOnlyList<Metric> Summarized { get; } = All.Where(m => m.Summarized).ToArray();

    private static readonly Dictionary<string, Metric> ByName =
        All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a metric by name, ignoring case (URLs are typed by people).</summary>
    public static Metric? Find(string name) => ByName.GetValueOrDefault(name);
}
