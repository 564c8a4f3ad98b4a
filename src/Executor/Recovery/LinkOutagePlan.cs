using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Recovery;

/// <summary>
/// A link outage put into a run (spec <c>network.outage</c>): <see cref="At"/> after <c>migrate</c> the monitor calls
/// <see cref="CutAsync"/>, which must make <see cref="Link"/> drop everything, both ways, from that moment for the
/// duration it is given (with the lab network: <c>HostLink.ApplyAsync(settings with { Outage = new(TimeSpan.Zero, duration) })</c>).
/// The monitor then treats the link as down for <see cref="Duration"/>: a dead TCP link fails nothing by itself, the
/// stream only stalls, so the monitor acts as a management layer on a lost connection would (docs/postcopy-recovery.md).
/// </summary>
/// <param name="Link">Names the link in reasons, e.g. <c>the link of host b</c>.</param>
public sealed record LinkOutagePlan(string Link, TimeSpan At, TimeSpan Duration, Func<TimeSpan, CancellationToken, Task> CutAsync);

/// <summary>Where the migration driver gets a run's outage from; the lab network registers its own in place of <see cref="NoLinkOutages"/>.</summary>
public interface ILinkOutages
{
    /// <summary>The outage to put into this migration, or null for none.</summary>
    LinkOutagePlan? For(StartMigration command);
}

/// <summary>Loopback, or no outage asked for: links never fail on purpose.</summary>
public sealed class NoLinkOutages : ILinkOutages
{
    public LinkOutagePlan? For(StartMigration command) => null;
}
