using Microsoft.Extensions.Options;

namespace MigrationAspire.AppHost.Supervision;

/// <summary>
/// When a crashed resource is started again: after a back-off that doubles with each exit in the window (first
/// delay, twice that, … capped), at most <see cref="SupervisionOptions.MaxRestarts"/> times per window, never after
/// a deliberate stop. Pure, on the clock it is given; the supervisor feeds it what the orchestrator reports.
/// </summary>
public sealed class RestartPolicy(IOptions<SupervisionOptions> options, TimeProvider time)
{
    private readonly SupervisionOptions settings = options.Value;
    private readonly Lock gate = new();
    private readonly Dictionary<string, History> histories = [];

    private sealed class History
    {
        public Queue<DateTimeOffset> Exits { get; } = new();
        public bool StopRequested { get; set; }
        public RestartDecision? GaveUp { get; set; }
        public (DateTime At, RestartDecision Decision)? Last { get; set; }
    }

    /// <summary>Someone asked for <paramref name="resource"/> to stop (the dashboard's Stop or Restart): its next exit is theirs.</summary>
    public void StopRequested(string resource)
    {
        lock (gate)
            Of(resource).StopRequested = true;
    }

    /// <summary><paramref name="resource"/> runs: a pending stop request is done with, and after giving up (it was started by hand) the budget is fresh.</summary>
    public void Running(string resource)
    {
        lock (gate)
        {
            var history = Of(resource);
            history.StopRequested = false;
            if (history.GaveUp is not null)
            {
                history.GaveUp = null;
                history.Exits.Clear();
            }
        }
    }

    /// <summary>
    /// <paramref name="resource"/> ended (exited, finished or failed to start), its process at <paramref name="endedAt"/>
    /// when known: restart it, give up, or leave it be. The same end reported again (the orchestrator does, while a
    /// restart is under way) gets the same answer, marked <see cref="RestartDecision.Repeated"/>, and counts once.
    /// </summary>
    public RestartDecision Exited(string resource, DateTime? endedAt = null)
    {
        lock (gate)
        {
            var history = Of(resource);
            if (endedAt is { } at && history.Last is { } last && last.At == at)
                return last.Decision with { Repeated = true };
            var decision = Decide(history);
            if (endedAt is { } end)
                history.Last = (end, decision);
            return decision;
        }
    }

    private RestartDecision Decide(History history)
    {
        if (history.StopRequested)
            return new RestartDecision(RestartAction.Leave, TimeSpan.Zero, history.Exits.Count, settings.MaxRestarts, settings.Window);
        // Once given up, a later end (the orchestrator may also write its own state over ours) gets the same answer.
        if (history.GaveUp is { } gaveUp)
            return gaveUp with { Repeated = true };

        var now = time.GetUtcNow();
        history.Exits.Enqueue(now);
        while (history.Exits.Peek() <= now - settings.Window)
            history.Exits.Dequeue();
        var exits = history.Exits.Count;
        if (exits > settings.MaxRestarts)
            return history.GaveUp = new RestartDecision(RestartAction.GiveUp, TimeSpan.Zero, exits, settings.MaxRestarts, settings.Window);
        return new RestartDecision(RestartAction.Restart, Backoff(exits), exits, settings.MaxRestarts, settings.Window);
    }

    /// <summary>The first delay doubled for each earlier exit in the window, capped at the maximum.</summary>
    private TimeSpan Backoff(int exits)
    {
        var doublings = Math.Min(exits - 1, 30);
        var delay = settings.FirstDelay * Math.Pow(2, doublings);
        return delay < settings.MaxDelay ? delay : settings.MaxDelay;
    }

    private History Of(string resource)
    {
        if (!histories.TryGetValue(resource, out var history))
            histories[resource] = history = new History();
        return history;
    }
}
