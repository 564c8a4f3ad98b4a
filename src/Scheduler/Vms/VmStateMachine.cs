using MigrationAspire.Contracts;
using static MigrationAspire.Contracts.VmLifecycle;

namespace MigrationAspire.Scheduler.Vms;

/// <summary>What moves a VM from one <see cref="VmPlace"/> to the next.</summary>
public abstract record VmTrigger
{
    private VmTrigger() { }

    /// <summary>Placement chose a host to boot the guest on.</summary>
    public sealed record BootPlaced(string Host) : VmTrigger;
    public sealed record Booted(string Host) : VmTrigger;
    public sealed record BootFailed(string Host) : VmTrigger;
    /// <summary>Placement chose a destination for the guest.</summary>
    public sealed record DestinationPlaced(string Host) : VmTrigger;
    public sealed record IncomingReady(string Host) : VmTrigger;
    public sealed record IncomingFailed(string Host) : VmTrigger;
    public sealed record Migrated : VmTrigger;
    public sealed record MigrationFailed(GuestLocation Guest) : VmTrigger;
    /// <summary>The run was cancelled (its experiment was).</summary>
    public sealed record Cancelled : VmTrigger;
    /// <summary>The run's current step did not finish in time.</summary>
    public sealed record DeadlinePassed : VmTrigger;
    public sealed record HostDown(string Host) : VmTrigger;
    /// <summary>After a scheduler restart, no host reports the VM any more.</summary>
    public sealed record Vanished : VmTrigger;
    /// <summary>The next run needs a guest of another shape.</summary>
    public sealed record Reshaped : VmTrigger;
    /// <summary>The experiment is done with the VM.</summary>
    public sealed record Released : VmTrigger;
}

/// <summary>
/// A VM's state machine as one pure function: state × trigger → next place, or null when the trigger does not
/// apply in that state (a duplicate, late or out-of-order event, which changes nothing). The grain carries out
/// what a transition means (commands to the executors, the run's outcome); see docs/architecture.md.
/// <code>
/// state       trigger                         next
/// Absent      BootPlaced(h)                   Booting on h
/// Booting     Booted(from h)                  Idle
/// Booting     BootFailed(from h), Cancelled,  Absent
///             DeadlinePassed
/// Idle        DestinationPlaced(d)            Preparing towards d
/// Preparing   IncomingReady(from d)           Migrating
/// Preparing   IncomingFailed(from d),         Idle (on the source)
///             Cancelled, DeadlinePassed
/// Migrating   Migrated                        Idle on d, origin = the source
/// Migrating   Cancelled                       Migrating (the executor cancels and reports)
/// Migrating   DeadlinePassed, Vanished        Absent
/// Preparing,  MigrationFailed(guest on:)      source: Idle on the source; destination: Idle on d;
/// Migrating                                   lost or unknown: Absent
/// Preparing   Vanished                        Absent
/// any alive   HostDown(one of its hosts),     Absent
///             Reshaped
/// not Destroyed  Released                     Destroyed
/// </code>
/// A run waiting for hosts (the VM Absent or Idle) takes Cancelled and DeadlinePassed without a move.
/// </summary>
public static class VmStateMachine
{
    public static VmPlace? Next(VmPlace vm, VmTrigger trigger) => (vm.State, trigger) switch
    {
        (Destroyed, _) => null,
        (_, VmTrigger.Released) => new VmPlace(Destroyed),
        (Absent, VmTrigger.BootPlaced t) => new VmPlace(Booting, t.Host),
        (Booting, VmTrigger.Booted t) when t.Host == vm.Host => vm with { State = Idle },
        (Booting, VmTrigger.BootFailed t) when t.Host == vm.Host => VmPlace.Absent,
        (Booting, VmTrigger.Cancelled or VmTrigger.DeadlinePassed) => VmPlace.Absent,
        (Idle, VmTrigger.DestinationPlaced t) => vm with { State = Preparing, Destination = t.Host },
        (Preparing, VmTrigger.IncomingReady t) when t.Host == vm.Destination => vm with { State = Migrating },
        (Preparing, VmTrigger.IncomingFailed t) when t.Host == vm.Destination => OnSource(vm),
        (Preparing, VmTrigger.Cancelled or VmTrigger.DeadlinePassed) => OnSource(vm),
        (Migrating, VmTrigger.Migrated) => OnDestination(vm, origin: vm.Host),
        (Migrating, VmTrigger.Cancelled) => vm,
        (Migrating, VmTrigger.DeadlinePassed) => VmPlace.Absent,
        (Preparing or Migrating, VmTrigger.Vanished) => VmPlace.Absent,
        (Preparing or Migrating, VmTrigger.MigrationFailed t) => t.Guest switch
        {
            GuestLocation.Source => OnSource(vm),
            GuestLocation.Destination => OnDestination(vm, origin: vm.Origin),
            _ => VmPlace.Absent,
        },
        (Absent or Idle, VmTrigger.Cancelled or VmTrigger.DeadlinePassed) => vm,
        (not Absent, VmTrigger.HostDown t) when vm.Hosts.Contains(t.Host) => VmPlace.Absent,
        (not Absent, VmTrigger.Reshaped) => VmPlace.Absent,
        _ => null,
    };

    /// <summary>Where a run on a VM in this state is in the protocol.</summary>
    public static RunStep StepOf(VmLifecycle state) => state switch
    {
        Booting => RunStep.Boot,
        Preparing => RunStep.Prepare,
        Migrating => RunStep.Migrate,
        _ => RunStep.Waiting,
    };

    private static VmPlace OnSource(VmPlace vm) => vm with { State = Idle, Destination = null };

    private static VmPlace OnDestination(VmPlace vm, string? origin) => new(Idle, vm.Destination, null, origin);
}
