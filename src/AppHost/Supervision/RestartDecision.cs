namespace MigrationAspire.AppHost.Supervision;

public enum RestartAction
{
    /// <summary>Start the resource again after <see cref="RestartDecision.Delay"/>.</summary>
    Restart,

    /// <summary>The budget is spent: leave it down and say why.</summary>
    GiveUp,

    /// <summary>Someone stopped it on purpose: nothing to do.</summary>
    Leave,
}

/// <summary>What to do about one exit of a supervised resource.</summary>
/// <param name="Exits">Exits within the window, this one included.</param>
/// <param name="Allowed">Restarts allowed within the window.</param>
public sealed record RestartDecision(RestartAction Action, TimeSpan Delay, int Exits, int Allowed, TimeSpan Window)
{
    /// <summary>The answer to an end already answered: a restart is under way already; a give-up is said again on the dashboard, not in the log.</summary>
    public bool Repeated { get; init; }

    /// <summary>The state the dashboard shows for a resource given up on, e.g. "Gave up: exited 6 times in 10 min, last exit code 137".</summary>
    public string GaveUpState(int? exitCode) =>
        $"Gave up: exited {Exits} times in {Minutes(Window)}, last exit code {(exitCode is { } code ? code : "unknown")}";

    private static string Minutes(TimeSpan window) =>
        window.TotalMinutes >= 1 ? $"{window.TotalMinutes:0.#} min" : $"{window.TotalSeconds:0.#} s";
}
