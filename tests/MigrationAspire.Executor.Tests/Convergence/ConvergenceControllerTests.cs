using MigrationAspire.Contracts;
using MigrationAspire.Executor.Convergence;
using static MigrationAspire.Executor.Tests.Convergence.Scripted;

namespace MigrationAspire.Executor.Tests.Convergence;

public sealed class ConvergenceControllerTests
{
    private static readonly MigrationSpec Ramp = new()
    {
        Policy = new() { Kind = ConvergencePolicyKind.Ramp, Ramp = new() { InitialMs = 100, MaxMs = 800, Steps = 7, StartAfterPass = 2, CooldownSeconds = 1 } },
    };

    [Fact]
    public void Every_sample_carries_the_limit_in_force_and_a_forecast_once_bandwidth_and_dirty_rate_are_known()
    {
        var controller = ConvergenceController.For(new MigrationSpec(), new VmSpec(), probedDirtyPagesRate: 1000);

        var first = controller.Observe(Sample(0.1, 0, 0, mbps: 0, status: "setup"));
        var second = controller.Observe(Sample(0.2, 1, 400 * MiB, dirtyPagesRate: 0));

        Assert.Equal((null, null, 300L), (first.EtaMs, first.WillConverge, first.DowntimeLimitMs));
        Assert.True(second.WillConverge);
        Assert.NotNull(second.EtaMs);
        Assert.NotNull(second.PredictedDowntimeMs);
        Assert.Single(controller.Predictions);
    }

    [Fact]
    public void Forecasts_between_pass_boundaries_are_kept_at_most_every_spacing()
    {
        var controller = ConvergenceController.For(new MigrationSpec(), new VmSpec(), probedDirtyPagesRate: 1000);

        foreach (var at in new[] { 0.1, 0.2, 0.3, 0.4, 0.5 })
            controller.Observe(Sample(at, 1, (long)((1 - at) * 400 * MiB)));

        Assert.Equal([100.0, 400.0], controller.Predictions.Select(p => Math.Round(p.AtMs)));
    }

    [Fact]
    public void Applied_decisions_land_in_the_pass_they_were_made_in_with_the_limit_in_force_when_each_pass_began()
    {
        var controller = ConvergenceController.For(Ramp, new VmSpec(), probedDirtyPagesRate: 30_000);
        var passes = new List<PassRecord>();
        foreach (var (at, pass) in new[] { (0.5, 1L), (1.0, 2L), (1.5, 2L), (2.1, 2L), (2.5, 3L), (3.2, 3L) })
        {
            controller.Observe(Sample(at, pass, 300 * MiB));
            if (passes.Count == 0 || passes[^1].Pass < pass)
                passes.Add(new() { Pass = pass, AtMs = at * 1000, RemainingBytes = 300 * MiB, TransferredBytes = 0, DirtyPagesRate = 0, ThroughputMbps = HundredMBps, CpuThrottlePercent = 0 });
            var decision = controller.Decide();
            if (decision.Action != ConvergenceAction.None)
                controller.Applied(decision);
        }

        var history = controller.Annotate(passes);

        // Pass 2 began at 1.0 s: steps at 2.1 s (1.1 s ≥ 1 s cooldown) and, in pass 3, at 3.2 s.
        Assert.Equal([100L, 100, 200], history.Select(p => p.DowntimeLimitMs!.Value));
        Assert.Equal([0, 1, 1], history.Select(p => p.Decisions.Count));
        Assert.Equal([200L, 300], controller.Decisions.Select(d => d.DowntimeLimitMs!.Value));
        Assert.Equal(300, controller.DowntimeLimitMs);
    }

    [Fact]
    public void After_a_stop_the_policy_decides_nothing_and_no_forecast_is_made()
    {
        var controller = ConvergenceController.For(Ramp, new VmSpec(), probedDirtyPagesRate: 1000);
        controller.Observe(Sample(0.5, 3, 300 * MiB));
        controller.Stop();

        var sample = controller.Observe(Sample(5, 3, 300 * MiB));

        Assert.Equal(ConvergenceAction.None, controller.Decide().Action);
        Assert.Null(sample.WillConverge);
        Assert.Equal(100, sample.DowntimeLimitMs);
    }
}
