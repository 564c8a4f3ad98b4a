using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Recovery;

/// <summary>
/// A link outage put into a run (spec <c>network.outage</c>): <see cref="At"/> after <c>migrate</c> the monitor calls
/// <see cref="CutAsync"/>, which must make <see cref="Link"/> drop everything, both ways, from that moment for the
/// duration it is given (with the lab network the kernel does it on the schedule <see cref="Network.RunLink"/> set).
/// The monitor then treats the link as down for <see cref="Duration"/>: a dead TCP link fails nothing by itself, the
/// stream only stalls, so the monitor acts as a management layer on a lost connection would (docs/postcopy-recovery.md).
/// </summary>
/// <param name="Link">Names the link in reasons, e.g. <c>the link of host b</c>.</param>
public sealed record LinkOutagePlan(string Link, TimeSpan At, TimeSpan Duration, Func<TimeSpan, CancellationToken, Task> CutAsync);
