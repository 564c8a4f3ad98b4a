using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.Validation;

/// <summary>The specs in <c>examples/</c> are accepted as they are and stay small enough for a two-core TCG host.</summary>
public sealed class ExampleSpecTests
{
    public static TheoryData<string> Examples => [.. Directory.GetFiles(ExamplesDirectory(), "*.json").Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_as_written_is_valid_and_small(string file)
    {
        var spec = Specs.Parse(File.ReadAllText(Path.Combine(ExamplesDirectory(), file)));

        var errors = ExperimentSpecValidator.Validate(spec);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var runs = SweepExpander.Expand("exp-example", spec);
        Assert.InRange(runs.Count, 2, 12);
        Assert.InRange(spec.Repetitions, 2, 3);
        Assert.All(runs, r => Assert.InRange(r.Vm.MemoryMiB, 256, 512));
        Assert.All(runs, r => Assert.InRange(r.Workload.WorkingSetMiB, 1, 128));
        Assert.All(runs, r => Assert.InRange(r.Migration.MaxBandwidthMiBps ?? 0, 32, 256));
    }

    [Fact]
    public void Examples_cover_every_seed_experiment_and_mode()
    {
        var specs = Directory.GetFiles(ExamplesDirectory(), "*.json").Select(f => Specs.Parse(File.ReadAllText(f))).ToList();
        var swept = specs.SelectMany(s => s.Sweep.Select(a => a.Path)).ToHashSet();

        Assert.Superset(new HashSet<string> { "migration.maxBandwidthMiBps", "vm.memoryMiB", "migration.mode",
            "workload.workingSetMiB", "workload.dirtyRatePagesPerSecond" }, swept);
        Assert.Contains(specs, s => s.Sweep.Any(a => a.Path == "vm.memoryMiB") && s.Migration.Mode == MigrationMode.Stopcopy && s.Sweep.Count == 1);
        Assert.Contains(specs, s => s.Sweep.Any(a => a.Path == "workload.workingSetMiB") && s.Workload.Pattern == WorkloadPattern.Sweep);
        Assert.Equal([MigrationMode.Precopy, MigrationMode.Stopcopy, MigrationMode.Postcopy],
            specs.Where(s => s.Sweep.Count == 0).Select(s => s.Migration.Mode).Distinct().Order());
        Assert.Contains(specs, s => s.Migration.AutoConverge is not null && s.Migration.MaxPasses is not null);
    }

    private static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MigrationAspire.sln")))
                return Path.Combine(dir.FullName, "examples");
        throw new DirectoryNotFoundException($"No MigrationAspire.sln above {AppContext.BaseDirectory}.");
    }
}
