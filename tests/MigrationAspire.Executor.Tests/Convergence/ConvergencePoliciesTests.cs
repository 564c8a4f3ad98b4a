using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

public sealed class ConvergencePoliciesTests
{
    [Theory]
    [InlineData(ConvergencePolicyKind.Static, null, 300)]
    [InlineData(ConvergencePolicyKind.Static, 500, 500)]
    [InlineData(ConvergencePolicyKind.Stepped, 500, 50)]
    [InlineData(ConvergencePolicyKind.Ramp, 500, 150)]
    [InlineData(ConvergencePolicyKind.Stall, null, 300)]
    public void For_each_kind_sets_its_own_first_limit(ConvergencePolicyKind kind, int? downtimeLimitMs, long initial)
    {
        var policy = ConvergencePolicies.For(new MigrationSpec { DowntimeLimitMs = downtimeLimitMs, Policy = new() { Kind = kind } });

        Assert.Equal((kind, initial), (policy.Kind, policy.InitialDowntimeLimitMs));
    }

    [Fact]
    public void Static_whole_migration_never_acts()
    {
        var policy = ConvergencePolicies.For(new MigrationSpec());
        var samples = Enumerable.Range(0, 600).Select(i => Sample(i * 0.5, pass: 1 + i / 3, remainingBytes: 200 * MiB));

        var (progress, decisions) = Progress(GiB, policy.InitialDowntimeLimitMs).Drive(policy, samples);

        Assert.Empty(decisions.Actions());
        Assert.Equal(300, progress.DowntimeLimitMs);
    }

    [Fact]
    public void Start_run_spec_carries_memory_limits_and_the_policys_first_limit()
    {
        var migration = new MigrationSpec { MaxPasses = 30, MaxTimeSeconds = 90, Policy = new() { Kind = ConvergencePolicyKind.Ramp } };

        var progress = MigrationProgress.Start(migration, new VmSpec { MemoryMiB = 512 }, ConvergencePolicies.For(migration));

        Assert.Equal((512 * MiB, 150L, TimeSpan.FromSeconds(90), 30L), (progress.MemoryBytes, progress.DowntimeLimitMs, progress.MaxTime!.Value, progress.MaxPasses!.Value));
    }

    [Fact]
    public void Observe_samples_record_a_pass_when_the_dirty_sync_count_grows()
    {
        var progress = Progress(GiB, 300).Observe(Sample(0.1, 0, 0), Sample(0.2, 1, 900 * MiB), Sample(0.3, 1, 800 * MiB), Sample(0.4, 3, 100 * MiB));

        Assert.Equal([(1L, 200.0, 900 * MiB), (3, 400, 100 * MiB)], progress.Passes.Select(p => (p.Pass, p.AtMs, p.RemainingBytes)));
        Assert.True(progress.AtPassBoundary);
        Assert.False(progress.Observe(Sample(0.5, 3, 50 * MiB)).AtPassBoundary);
        Assert.Throws<ArgumentException>(() => progress.Observe(Sample(0.35, 3, 0)));
    }

    [Fact]
    public void Apply_decisions_keeps_actions_and_the_new_limit_but_not_none()
    {
        var progress = Progress(GiB, 300).Observe(Sample(1, 1, GiB));

        var applied = progress.Apply(progress.NoAction("nothing")).Apply(progress.SetDowntimeLimit(900, "raise"));

        Assert.Equal(900, applied.DowntimeLimitMs);
        Assert.Equal((1000.0, 1L, ConvergenceAction.SetDowntimeLimit), (applied.Decisions.Single().AtMs, applied.Decisions.Single().Pass, applied.Decisions.Single().Action));
    }
}
