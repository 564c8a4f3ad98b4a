using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MigrationAspire.AppHost.Supervision;

namespace MigrationAspire.AppHost.Tests.Supervision;

public sealed class RestartPolicyTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    private RestartPolicy Policy(int maxRestarts = 5, double maxDelaySeconds = 30) => new(Options.Create(new SupervisionOptions
    {
        FirstDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds),
        MaxRestarts = maxRestarts,
        Window = TimeSpan.FromMinutes(10),
    }), clock);

    [Fact]
    public void The_back_off_doubles_from_the_first_delay_up_to_the_cap()
    {
        var policy = Policy(maxRestarts: 10, maxDelaySeconds: 5);

        var delays = Enumerable.Range(0, 6).Select(_ =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return policy.Exited("analytics").Delay.TotalSeconds;
        });

        Assert.Equal([1, 2, 4, 5, 5, 5], delays);
    }

    [Fact]
    public void The_exit_after_the_last_allowed_restart_is_given_up_with_the_count_and_the_window()
    {
        var policy = Policy(maxRestarts: 5);

        var decisions = Enumerable.Range(0, 6).Select(_ =>
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            return policy.Exited("redis");
        }).ToList();

        Assert.All(decisions[..5], d => Assert.Equal(RestartAction.Restart, d.Action));
        Assert.Equal([1, 2, 3, 4, 5], decisions[..5].Select(d => d.Exits));
        var gaveUp = decisions[5];
        Assert.Equal((RestartAction.GiveUp, 6, false), (gaveUp.Action, gaveUp.Exits, gaveUp.Repeated));
        Assert.Equal("Gave up: exited 6 times in 10 min, last exit code 137", gaveUp.GaveUpState(137));
        Assert.Equal("Gave up: exited 6 times in 10 min, last exit code unknown", gaveUp.GaveUpState(null));
    }

    [Fact]
    public void Exits_that_left_the_window_no_longer_count_against_the_budget_or_the_back_off()
    {
        var policy = Policy(maxRestarts: 2);
        policy.Exited("scheduler");
        clock.Advance(TimeSpan.FromMinutes(6));
        policy.Exited("scheduler");

        clock.Advance(TimeSpan.FromMinutes(5)); // the first exit is now 11 minutes old, the second 5
        var third = policy.Exited("scheduler");

        Assert.Equal((RestartAction.Restart, 2, 2.0), (third.Action, third.Exits, third.Delay.TotalSeconds));
        Assert.Equal(RestartAction.GiveUp, policy.Exited("scheduler").Action);
    }

    [Fact]
    public void A_resource_stopped_on_request_is_left_down_and_supervised_again_once_it_runs()
    {
        var policy = Policy();
        policy.Exited("executor-a");

        policy.StopRequested("executor-a");
        var stopped = policy.Exited("executor-a");
        policy.Running("executor-a");
        var crashed = policy.Exited("executor-a");

        Assert.Equal(RestartAction.Leave, stopped.Action);
        // The deliberate stop did not count: the crash is the second exit, not the third.
        Assert.Equal((RestartAction.Restart, 2), (crashed.Action, crashed.Exits));
    }

    [Fact]
    public void A_resource_given_up_on_stays_given_up_until_it_is_started_by_hand_and_then_has_a_fresh_budget()
    {
        var policy = Policy(maxRestarts: 1);
        policy.Exited("messaging");
        Assert.Equal(RestartAction.GiveUp, policy.Exited("messaging").Action);

        var reportedAgain = policy.Exited("messaging");
        policy.Running("messaging");
        var afterManualStart = policy.Exited("messaging");

        Assert.Equal((RestartAction.GiveUp, 2, true), (reportedAgain.Action, reportedAgain.Exits, reportedAgain.Repeated));
        Assert.Equal((RestartAction.Restart, 1, 1.0), (afterManualStart.Action, afterManualStart.Exits, afterManualStart.Delay.TotalSeconds));
    }

    [Fact]
    public void Running_between_crashes_resets_neither_the_budget_nor_the_back_off()
    {
        var policy = Policy(maxRestarts: 2);
        policy.Exited("api");
        policy.Running("api");
        var second = policy.Exited("api");
        policy.Running("api");

        Assert.Equal(2.0, second.Delay.TotalSeconds);
        Assert.Equal(RestartAction.GiveUp, policy.Exited("api").Action);
    }

    [Fact]
    public void An_end_reported_again_while_its_restart_is_under_way_counts_once()
    {
        var policy = Policy();
        var ended = new DateTime(2026, 12, 2, 0, 0, 1, DateTimeKind.Utc);
        var first = policy.Exited("analytics", ended);

        var again = policy.Exited("analytics", ended);
        var next = policy.Exited("analytics", ended.AddSeconds(5));

        Assert.Equal((RestartAction.Restart, 1, false), (first.Action, first.Exits, first.Repeated));
        Assert.Equal((RestartAction.Restart, 1, true), (again.Action, again.Exits, again.Repeated));
        Assert.Equal((2, 2.0), (next.Exits, next.Delay.TotalSeconds));
    }

    [Fact]
    public void Each_resource_has_its_own_budget()
    {
        var policy = Policy(maxRestarts: 1);
        policy.Exited("executor-a");
        policy.Exited("executor-a");

        Assert.Equal((RestartAction.Restart, 1), (policy.Exited("executor-b").Action, policy.Exited("executor-c").Exits));
    }

    [Fact]
    public void Options_with_a_first_delay_above_the_maximum_are_refused_naming_both()
    {
        var options = new SupervisionOptions { FirstDelay = TimeSpan.FromMinutes(2), MaxDelay = TimeSpan.FromMinutes(1) };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var error = Assert.Single(results);
        Assert.Equal([nameof(SupervisionOptions.FirstDelay), nameof(SupervisionOptions.MaxDelay)], error.MemberNames);
    }
}
