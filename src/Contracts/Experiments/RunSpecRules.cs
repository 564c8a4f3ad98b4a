using System.Globalization;
using static MigrationAspire.Contracts.SpecLimits;

namespace MigrationAspire.Contracts;

/// <summary>A rule broken by one field: its JSON dotted path and a sentence naming the rule and the value.</summary>
internal readonly record struct FieldError(string Path, string Message);

/// <summary>The rules for what one run does: its VM, workload, migration and network (see <see cref="SpecLimits"/>).</summary>
internal static class RunSpecRules
{
    public static List<FieldError> Check(VmSpec vm, WorkloadSpec workload, MigrationSpec migration, NetworkSpec network)
    {
        var errors = new List<FieldError>();

        Range(errors, "vm.memoryMiB", vm.MemoryMiB, MinMemoryMiB, MaxMemoryMiB, " MiB");
        Range(errors, "vm.vcpus", vm.Vcpus, MinVcpus, MaxVcpus);

        var maxWorkingSet = vm.MemoryMiB - GuestReservedMiB;
        if (workload.WorkingSetMiB < MinWorkingSetMiB || workload.WorkingSetMiB > maxWorkingSet)
            errors.Add(new("workload.workingSetMiB", Invariant(
                $"workload.workingSetMiB must be between {MinWorkingSetMiB} and {maxWorkingSet} MiB, that is vm.memoryMiB ({vm.MemoryMiB}) minus the ~{GuestReservedMiB} MiB the guest's kernel and initramfs need (was {workload.WorkingSetMiB}).")));
        if (workload.DirtyRatePagesPerSecond is < 0 or > MaxDirtyRatePagesPerSecond)
            errors.Add(new("workload.dirtyRatePagesPerSecond", Invariant(
                $"workload.dirtyRatePagesPerSecond must be between 0 (as fast as the guest can) and {MaxDirtyRatePagesPerSecond} pages/s (was {workload.DirtyRatePagesPerSecond}).")));
        Defined(errors, "workload.pattern", workload.Pattern);
        if (!(workload.HotspotFraction > 0 && workload.HotspotFraction <= 1))
            errors.Add(new("workload.hotspotFraction", Invariant(
                $"workload.hotspotFraction must be greater than 0 and at most 1 (was {Shown(workload.HotspotFraction)}).")));
        Range(errors, "workload.hotspotWriteShare", workload.HotspotWriteShare, 0, 1);
        Range(errors, "workload.sweepIntervalMs", workload.SweepIntervalMs, MinSweepIntervalMs, MaxSweepIntervalMs, " ms");
        Range(errors, "workload.residentPercent", workload.ResidentPercent, MinResidentPercent, MaxResidentPercent, " %");

        Defined(errors, "migration.mode", migration.Mode);
        if (migration.MaxBandwidthMiBps is { } bandwidth && !(bandwidth >= MinBandwidthMiBps && bandwidth <= MaxBandwidthMiBps))
            errors.Add(new("migration.maxBandwidthMiBps", Invariant(
                $"migration.maxBandwidthMiBps must be between {MinBandwidthMiBps} and {MaxBandwidthMiBps} MiB/s when set (was {Shown(bandwidth)}): QEMU does not hold a smaller cap (below 10 B/s it means no cap at all). Leave it out for QEMU's default.")));
        if (migration.DowntimeLimitMs is { } downtime)
            Range(errors, "migration.downtimeLimitMs", downtime, MinDowntimeLimitMs, MaxDowntimeLimitMs, " ms", whenSet: true);
        Range(errors, "migration.postcopyAfterPasses", migration.PostcopyAfterPasses, MinPostcopyAfterPasses, MaxPostcopyAfterPasses);
        if (migration.AutoConverge is { } autoConverge)
        {
            Range(errors, "migration.autoConverge.initialThrottlePercent", autoConverge.InitialThrottlePercent, MinThrottlePercent, MaxThrottlePercent, " %");
            Range(errors, "migration.autoConverge.incrementPercent", autoConverge.IncrementPercent, MinThrottlePercent, MaxThrottlePercent, " %");
        }
        if (migration.MultifdChannels is { } channels)
            Range(errors, "migration.multifdChannels", channels, MinMultifdChannels, MaxMultifdChannels, whenSet: true);
        if (Defined(errors, "migration.compression", migration.Compression)
            && migration.Compression != MultifdCompression.None && migration.MultifdChannels is null)
            errors.Add(new("migration.compression", Invariant(
                $"migration.compression {Json(migration.Compression)} compresses multifd channels: set migration.multifdChannels too, or use \"none\".")));
        if (migration.XbzrleCacheMiB is { } cache && (cache < MinXbzrleCacheMiB || cache > vm.MemoryMiB))
            errors.Add(new("migration.xbzrleCacheMiB", Invariant(
                $"migration.xbzrleCacheMiB must be between {MinXbzrleCacheMiB} and vm.memoryMiB ({vm.MemoryMiB}) MiB when set (was {cache}).")));
        if (migration.MaxPasses is { } passes)
            Range(errors, "migration.maxPasses", passes, MinPasses, MaxPasses, whenSet: true);
        Range(errors, "migration.maxTimeSeconds", migration.MaxTimeSeconds, MinMaxTimeSeconds, MaxMaxTimeSeconds, " s");
        Defined(errors, "migration.onLimit", migration.OnLimit);
        PolicyRules.Check(migration.Policy, errors);
        NetworkRules.Check(network, migration, errors);

        return errors;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    internal static void Range(List<FieldError> errors, string path, double value, double min, double max,
        string unit = "", bool whenSet = false)
    {
        if (!(value >= min && value <= max))
            errors.Add(new(path, Invariant(
                $"{path} must be between {min} and {max}{unit}{(whenSet ? " when set" : "")} (was {Shown(value)}).")));
    }

    /// <summary>A value as the user wrote it, near enough: JSON's 1e400 arrives as infinity.</summary>
    internal static string Shown(double value) => double.IsFinite(value)
        ? value.ToString(CultureInfo.InvariantCulture)
        : double.IsNaN(value) ? "not a number" : value > 0 ? "a number above 1.8e308" : "a number below -1.8e308";

    internal static bool Defined<TEnum>(List<FieldError> errors, string path, TEnum value) where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value))
            return true;
        errors.Add(new(path, $"{path} must be {SpecPaths.Describe(typeof(TEnum))} (was {value})."));
        return false;
    }

    private static string Json<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, SpecJson.Options);
}
