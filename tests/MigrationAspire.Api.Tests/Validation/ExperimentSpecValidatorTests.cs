using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

public sealed class ExperimentSpecValidatorTests
{
    [Fact]
    public void Validate_architecture_example_is_valid()
    {
        var spec = Specs.Parse("""
            {
              "name": "precopy-vs-stopcopy",
              "vm":        { "memoryMiB": 512, "vcpus": 1 },
              "workload":  { "workingSetMiB": 128, "dirtyRatePagesPerSecond": 5000, "pattern": "sequential" },
              "migration": { "mode": "precopy", "maxBandwidthMiBps": 100, "downtimeLimitMs": 300 },
              "repetitions": 3,
              "sweep": { "migration.mode": ["precopy", "stopcopy"], "vm.memoryMiB": [256, 512] }
            }
            """);

        Assert.Empty(ExperimentSpecValidator.Validate(spec));
    }

    [Theory]
    [InlineData("""{"name": "n"}""")]
    [InlineData("""{"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""")]
    [InlineData("""{"vm": {"memoryMiB": 128}, "workload": {"workingSetMiB": 32}, "migration": {"xbzrleCacheMiB": 128}}""")]
    [InlineData("""{"vm": {"memoryMiB": 16384, "vcpus": 16}}""")]
    [InlineData("""{"vm": {"vcpus": 1}, "workload": {"workingSetMiB": 1}}""")]
    [InlineData("""{"vm": {"memoryMiB": 512}, "workload": {"workingSetMiB": 416}}""")]
    [InlineData("""{"workload": {"dirtyRatePagesPerSecond": 0}}""")]
    [InlineData("""{"workload": {"dirtyRatePagesPerSecond": 2000000}}""")]
    [InlineData("""{"workload": {"pattern": "hotspot", "hotspotFraction": 1, "hotspotWriteShare": 0}}""")]
    [InlineData("""{"workload": {"pattern": "hotspot", "hotspotFraction": 0.001, "hotspotWriteShare": 1}}""")]
    [InlineData("""{"workload": {"pattern": "sweep", "sweepIntervalMs": 10}}""")]
    [InlineData("""{"workload": {"sweepIntervalMs": 60000}}""")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 1}}""")]
    [InlineData("""{"workload": {"residentPercent": 0}}""")]
    [InlineData("""{"network": {"bandwidthMbit": 100000, "latencyMs": 10000, "jitterMs": 0}}""")]
    [InlineData("""{"network": {"bandwidthMbit": 0.001, "latencyMs": 0, "jitterMs": 10000}}""")]
    [InlineData("""{"migration": {"maxTimeSeconds": 30}, "network": {"outage": {"atSeconds": 29.5, "durationMs": 30000}}}""")]
    [InlineData("""{"vm": {"memoryMiB": 2048}, "workload": {"residentPercent": 100}}""")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 100000, "downtimeLimitMs": 1}}""")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": null, "downtimeLimitMs": null}}""")]
    [InlineData("""{"migration": {"downtimeLimitMs": 60000}}""")]
    [InlineData("""{"migration": {"mode": "postcopy", "postcopyAfterPasses": 1}}""")]
    [InlineData("""{"migration": {"postcopyAfterPasses": 100}}""")]
    [InlineData("""{"migration": {"mode": "postcopy", "postcopyAfterPasses": 0}}""")]
    [InlineData("""{"migration": {"autoConverge": {"initialThrottlePercent": 1, "incrementPercent": 99}}}""")]
    [InlineData("""{"migration": {"autoConverge": {"initialThrottlePercent": 99, "incrementPercent": 1}}}""")]
    [InlineData("""{"migration": {"multifdChannels": 1, "compression": "zstd"}}""")]
    [InlineData("""{"migration": {"multifdChannels": 32, "compression": "zlib"}}""")]
    [InlineData("""{"migration": {"compression": "none"}}""")]
    [InlineData("""{"migration": {"xbzrleCacheMiB": 1}}""")]
    [InlineData("""{"migration": {"maxPasses": 1, "maxTimeSeconds": 1}}""")]
    [InlineData("""{"migration": {"maxPasses": 10000, "maxTimeSeconds": 3600}}""")]
    [InlineData("""{"migration": {"onLimit": "postcopy"}}""")]
    [InlineData("""{"migration": {"onLimit": "pause"}}""")]
    [InlineData("""{"repetitions": 1, "maxConcurrentRuns": 1}""")]
    [InlineData("""{"repetitions": 500, "maxConcurrentRuns": 16}""")]
    [InlineData("""{"queueTimeoutSeconds": 1}""")]
    [InlineData("""{"queueTimeoutSeconds": 604800}""")]
    [InlineData("""{"queueTimeoutSeconds": null}""")]
    public void Validate_value_at_a_boundary_is_valid(string patch)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With(patch));

        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name", "name is required")]
    [InlineData("""{"name": "   "}""", "name", "name is required")]
    [InlineData("""{"name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", "name", "at most 100 characters (was 101)")]
    [InlineData("""{"vm": {"memoryMiB": 127}, "workload": {"workingSetMiB": 16}}""", "vm.memoryMiB", "between 128 and 16384 MiB (was 127)")]
    [InlineData("""{"vm": {"memoryMiB": 16385}}""", "vm.memoryMiB", "between 128 and 16384 MiB (was 16385)")]
    [InlineData("""{"vm": {"vcpus": 0}}""", "vm.vcpus", "between 1 and 16 (was 0)")]
    [InlineData("""{"vm": {"vcpus": 17}}""", "vm.vcpus", "between 1 and 16 (was 17)")]
    [InlineData("""{"workload": {"workingSetMiB": 0}}""", "workload.workingSetMiB", "between 1 and 416 MiB")]
    [InlineData("""{"workload": {"workingSetMiB": 417}}""", "workload.workingSetMiB", "kernel and initramfs need (was 417)")]
    [InlineData("""{"vm": {"memoryMiB": 256}, "workload": {"workingSetMiB": 161}}""", "workload.workingSetMiB", "between 1 and 160 MiB, that is vm.memoryMiB (256) minus the ~96 MiB")]
    [InlineData("""{"workload": {"dirtyRatePagesPerSecond": -1}}""", "workload.dirtyRatePagesPerSecond", "between 0 (as fast as the guest can) and 2000000 pages/s (was -1)")]
    [InlineData("""{"workload": {"dirtyRatePagesPerSecond": 2000001}}""", "workload.dirtyRatePagesPerSecond", "(was 2000001)")]
    [InlineData("""{"workload": {"hotspotFraction": 0}}""", "workload.hotspotFraction", "greater than 0 and at most 1 (was 0)")]
    [InlineData("""{"workload": {"hotspotFraction": 1.01}}""", "workload.hotspotFraction", "(was 1.01)")]
    [InlineData("""{"workload": {"hotspotWriteShare": -0.1}}""", "workload.hotspotWriteShare", "between 0 and 1 (was -0.1)")]
    [InlineData("""{"workload": {"hotspotWriteShare": 1.5}}""", "workload.hotspotWriteShare", "between 0 and 1 (was 1.5)")]
    [InlineData("""{"workload": {"sweepIntervalMs": 9}}""", "workload.sweepIntervalMs", "between 10 and 60000 ms (was 9)")]
    [InlineData("""{"workload": {"sweepIntervalMs": 60001}}""", "workload.sweepIntervalMs", "(was 60001)")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 0}}""", "migration.maxBandwidthMiBps", "between 1 and 100000 MiB/s when set (was 0)")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 0.999}}""", "migration.maxBandwidthMiBps", "(was 0.999): QEMU does not hold a smaller cap")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 1e-9}}""", "migration.maxBandwidthMiBps", "(was 1E-09)")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 1e-303}}""", "migration.maxBandwidthMiBps", "below 10 B/s it means no cap at all")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": -0}}""", "migration.maxBandwidthMiBps", "(was -0)")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 1e400}}""", "migration.maxBandwidthMiBps", "(was a number above 1.8e308)")]
    [InlineData("""{"workload": {"residentPercent": -1}}""", "workload.residentPercent", "between 0 and 100 % (was -1)")]
    [InlineData("""{"network": {"bandwidthMbit": 0}}""", "network.bandwidthMbit", "above 0 and at most 100000 Mbit/s when set (was 0)")]
    [InlineData("""{"network": {"bandwidthMbit": 100000.5}}""", "network.bandwidthMbit", "(was 100000.5)")]
    [InlineData("""{"network": {"latencyMs": -1}}""", "network.latencyMs", "between 0 and 10000 ms (was -1)")]
    [InlineData("""{"network": {"latencyMs": 10001}}""", "network.latencyMs", "(was 10001)")]
    [InlineData("""{"network": {"jitterMs": 10000.5}}""", "network.jitterMs", "between 0 and 10000 ms (was 10000.5)")]
    [InlineData("""{"migration": {"maxTimeSeconds": 30}, "network": {"outage": {"atSeconds": 1, "durationMs": 30001}}}""", "network.outage.durationMs", "the run's time limit, migration.maxTimeSeconds (30 s) (was 30001)")]
    [InlineData("""{"network": {"outage": {"atSeconds": 1, "durationMs": 0}}}""", "network.outage.durationMs", "between 1 ms")]
    [InlineData("""{"network": {"outage": {"atSeconds": 120, "durationMs": 10}}}""", "network.outage.atSeconds", "below migration.maxTimeSeconds (120 s)")]
    [InlineData("""{"workload": {"residentPercent": 101}}""", "workload.residentPercent", "between 0 and 100 % (was 101)")]
    [InlineData("""{"migration": {"maxBandwidthMiBps": 100000.5}}""", "migration.maxBandwidthMiBps", "(was 100000.5)")]
    [InlineData("""{"migration": {"downtimeLimitMs": 0}}""", "migration.downtimeLimitMs", "between 1 and 60000 ms when set (was 0)")]
    [InlineData("""{"migration": {"downtimeLimitMs": 60001}}""", "migration.downtimeLimitMs", "(was 60001)")]
    [InlineData("""{"migration": {"postcopyAfterPasses": -1}}""", "migration.postcopyAfterPasses", "between 0 and 100 (was -1)")]
    [InlineData("""{"migration": {"postcopyAfterPasses": 101}}""", "migration.postcopyAfterPasses", "(was 101)")]
    [InlineData("""{"migration": {"autoConverge": {"initialThrottlePercent": 0}}}""", "migration.autoConverge.initialThrottlePercent", "between 1 and 99 % (was 0)")]
    [InlineData("""{"migration": {"autoConverge": {"initialThrottlePercent": 100}}}""", "migration.autoConverge.initialThrottlePercent", "(was 100)")]
    [InlineData("""{"migration": {"autoConverge": {"incrementPercent": 0}}}""", "migration.autoConverge.incrementPercent", "between 1 and 99 % (was 0)")]
    [InlineData("""{"migration": {"autoConverge": {"incrementPercent": 100}}}""", "migration.autoConverge.incrementPercent", "(was 100)")]
    [InlineData("""{"migration": {"multifdChannels": 0}}""", "migration.multifdChannels", "between 1 and 32 when set (was 0)")]
    [InlineData("""{"migration": {"multifdChannels": 33}}""", "migration.multifdChannels", "(was 33)")]
    [InlineData("""{"migration": {"compression": "zstd"}}""", "migration.compression", "set migration.multifdChannels too")]
    [InlineData("""{"migration": {"compression": "zlib"}}""", "migration.compression", "\"zlib\" compresses multifd channels")]
    [InlineData("""{"migration": {"xbzrleCacheMiB": 0}}""", "migration.xbzrleCacheMiB", "between 1 and vm.memoryMiB (512) MiB when set (was 0)")]
    [InlineData("""{"migration": {"xbzrleCacheMiB": 513}}""", "migration.xbzrleCacheMiB", "(was 513)")]
    [InlineData("""{"migration": {"maxPasses": 0}}""", "migration.maxPasses", "between 1 and 10000 when set (was 0)")]
    [InlineData("""{"migration": {"maxPasses": 10001}}""", "migration.maxPasses", "(was 10001)")]
    [InlineData("""{"migration": {"maxTimeSeconds": 0.5}}""", "migration.maxTimeSeconds", "between 1 and 3600 s (was 0.5)")]
    [InlineData("""{"migration": {"maxTimeSeconds": 3601}}""", "migration.maxTimeSeconds", "(was 3601)")]
    [InlineData("""{"repetitions": 0}""", "repetitions", "between 1 and 1000 (was 0)")]
    [InlineData("""{"repetitions": 1001}""", "repetitions", "between 1 and 1000 (was 1001)")]
    [InlineData("""{"maxConcurrentRuns": 0}""", "maxConcurrentRuns", "between 1 and 16 (was 0)")]
    [InlineData("""{"maxConcurrentRuns": 17}""", "maxConcurrentRuns", "between 1 and 16 (was 17)")]
    [InlineData("""{"queueTimeoutSeconds": 0}""", "queueTimeoutSeconds", "between 1 and 604800 s when set (was 0)")]
    [InlineData("""{"queueTimeoutSeconds": 0.5}""", "queueTimeoutSeconds", "(was 0.5)")]
    [InlineData("""{"queueTimeoutSeconds": 604801}""", "queueTimeoutSeconds", "(was 604801)")]
    public void Validate_rule_broken_names_field_and_rule(string patch, string field, string rule)
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With(patch), maxRuns: 10_000);

        Assert.Equal([field], errors.Keys);
        Assert.Contains(errors[field], m => m.Contains(rule, StringComparison.Ordinal));
        Assert.StartsWith(field, errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_name_missing_says_name_is_required()
    {
        var errors = ExperimentSpecValidator.Validate(Specs.Parse("""{"vm": {"memoryMiB": 256}}"""));

        Assert.Equal("name is required: a short label for the experiment.", Assert.Single(errors["name"]));
    }

    [Fact]
    public void Validate_undefined_enum_from_code_names_allowed_values()
    {
        var spec = Specs.Valid() with { Migration = new MigrationSpec { Mode = (MigrationMode)7, OnLimit = (LimitAction)9 } };

        var errors = ExperimentSpecValidator.Validate(spec);

        Assert.Contains("one of \"precopy\", \"stopcopy\", \"postcopy\"", errors["migration.mode"][0]);
        Assert.Contains("one of \"cancel\", \"pause\", \"postcopy\"", errors["migration.onLimit"][0]);
    }

    [Fact]
    public void Validate_several_rules_broken_reports_every_one()
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With("""
            {"name": "", "vm": {"vcpus": 0}, "migration": {"maxTimeSeconds": 0}, "repetitions": 0}
            """));

        Assert.Equal(["maxTimeSeconds", "name", "repetitions", "vcpus"],
            errors.Keys.Select(k => k.Split('.')[^1]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_repetitions_over_run_limit_reports_repetitions()
    {
        var errors = ExperimentSpecValidator.Validate(Specs.With("""{"repetitions": 501}"""));

        Assert.Contains("would make 501 runs (501 repetitions); at most 500 runs", Assert.Single(errors["repetitions"]));
    }

    [Fact]
    public void Validate_run_limit_passed_in_is_the_limit()
    {
        var spec = Specs.With("""{"repetitions": 3, "sweep": {"vm.vcpus": [1, 2]}}""");

        Assert.Empty(ExperimentSpecValidator.Validate(spec, maxRuns: 6));
        Assert.Contains("would make 6 runs (2 vm.vcpus × 3 repetitions); at most 5 runs",
            Assert.Single(ExperimentSpecValidator.Validate(spec, maxRuns: 5)["sweep"]));
    }
}
