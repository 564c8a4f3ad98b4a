using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Analytics;

/// <summary>Configuration section <c>Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>The DuckDB file that keeps every finished run; its directory is created when missing.</summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// Memory the guest's kernel and init have written besides the workload's working set. With the
    /// working set it is what pre-copy really sends: QEMU sends untouched (zero) pages as markers.
    /// </summary>
    [Range(0, 1 << 20)]
    public double GuestBaseFootprintMiB { get; set; } = 48;

    /// <summary>Live samples read from Redis for one timeline; the stream itself is capped at 20 000.</summary>
    [Range(1, 100_000)]
    public int TimelineSampleLimit { get; set; } = 20_000;

    /// <summary>
    /// Runs an export reads and writes per step, in run order: what bounds its memory however many runs an
    /// experiment has (a step of 50 000 runs holds tens of MB).
    /// </summary>
    [Range(1, 10_000_000)]
    public int ExportWindowRuns { get; set; } = 50_000;
}
