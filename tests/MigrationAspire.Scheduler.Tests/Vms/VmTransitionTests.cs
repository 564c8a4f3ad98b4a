using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Vms;
using static MigrationAspire.Contracts.VmLifecycle;

namespace MigrationAspire.Scheduler.Tests.Vms;

/// <summary>The VM state machine as a pure function: every row of its table, and what it refuses.</summary>
public sealed class VmTransitionTests
{
    private static readonly VmPlace Booting = new(VmLifecycle.Booting, "a");
    private static readonly VmPlace IdleOnA = new(Idle, "a", Origin: "b");
    private static readonly VmPlace Preparing = new(VmLifecycle.Preparing, "a", "b", "c");
    private static readonly VmPlace Migrating = new(VmLifecycle.Migrating, "a", "b", "c");

    public static TheoryData<VmPlace, VmTrigger, VmPlace> Moves => new()
    {
        { VmPlace.Absent, new VmTrigger.BootPlaced("a"), new(VmLifecycle.Booting, "a") },
        { Booting, new VmTrigger.Booted("a"), new(Idle, "a") },
        { Booting, new VmTrigger.BootFailed("a"), VmPlace.Absent },
        { Booting, new VmTrigger.Cancelled(), VmPlace.Absent },
        { Booting, new VmTrigger.DeadlinePassed(), VmPlace.Absent },
        { IdleOnA, new VmTrigger.DestinationPlaced("b"), new(VmLifecycle.Preparing, "a", "b", "b") },
        { Preparing, new VmTrigger.IncomingReady("b"), Migrating },
        { Preparing, new VmTrigger.IncomingFailed("b"), new(Idle, "a", Origin: "c") },
        { Preparing, new VmTrigger.Cancelled(), new(Idle, "a", Origin: "c") },
        { Preparing, new VmTrigger.DeadlinePassed(), new(Idle, "a", Origin: "c") },
        { Preparing, new VmTrigger.Vanished(), VmPlace.Absent },
        { Migrating, new VmTrigger.Migrated(), new(Idle, "b", Origin: "a") },
        { Migrating, new VmTrigger.Cancelled(), Migrating },
        { Migrating, new VmTrigger.DeadlinePassed(), VmPlace.Absent },
        { Migrating, new VmTrigger.Vanished(), VmPlace.Absent },
        { Migrating, new VmTrigger.MigrationFailed(GuestLocation.Source), new(Idle, "a", Origin: "c") },
        { Migrating, new VmTrigger.MigrationFailed(GuestLocation.Destination), new(Idle, "b", Origin: "c") },
        { Migrating, new VmTrigger.MigrationFailed(GuestLocation.Lost), VmPlace.Absent },
        { Preparing, new VmTrigger.MigrationFailed(GuestLocation.Unknown), VmPlace.Absent },
        { Migrating, new VmTrigger.HostDown("b"), VmPlace.Absent },
        { IdleOnA, new VmTrigger.HostDown("a"), VmPlace.Absent },
        { IdleOnA, new VmTrigger.Reshaped(), VmPlace.Absent },
        { IdleOnA, new VmTrigger.Cancelled(), IdleOnA },
        { VmPlace.Absent, new VmTrigger.DeadlinePassed(), VmPlace.Absent },
        { Migrating, new VmTrigger.Released(), new(Destroyed) },
        { VmPlace.Absent, new VmTrigger.Released(), new(Destroyed) },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Each_row_of_the_table_moves_the_vm_to_its_next_place(VmPlace from, VmTrigger trigger, VmPlace to) =>
        Assert.Equal(to, VmStateMachine.Next(from, trigger));

    public static TheoryData<VmPlace, VmTrigger> Refused => new()
    {
        // Answers from a host the VM is not waiting on.
        { Booting, new VmTrigger.Booted("b") },
        { Booting, new VmTrigger.BootFailed("b") },
        { Preparing, new VmTrigger.IncomingReady("a") },
        { Preparing, new VmTrigger.IncomingFailed("c") },
        // Answers in the wrong state: duplicates, late or out of order.
        { IdleOnA, new VmTrigger.Booted("a") },
        { Preparing, new VmTrigger.Migrated() },
        { IdleOnA, new VmTrigger.Migrated() },
        { IdleOnA, new VmTrigger.IncomingReady("b") },
        { IdleOnA, new VmTrigger.MigrationFailed(GuestLocation.Source) },
        { Booting, new VmTrigger.DestinationPlaced("b") },
        { IdleOnA, new VmTrigger.BootPlaced("b") },
        { Booting, new VmTrigger.Vanished() },
        // A host the VM does not depend on, and a VM that is nowhere.
        { IdleOnA, new VmTrigger.HostDown("b") },
        { VmPlace.Absent, new VmTrigger.HostDown("a") },
        { VmPlace.Absent, new VmTrigger.Reshaped() },
        // A destroyed VM takes nothing.
        { new(Destroyed), new VmTrigger.BootPlaced("a") },
        { new(Destroyed), new VmTrigger.Released() },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_trigger_that_does_not_apply_in_the_state_changes_nothing(VmPlace from, VmTrigger trigger) =>
        Assert.Null(VmStateMachine.Next(from, trigger));

    [Fact]
    public void A_fresh_boot_forgets_where_the_guest_once_came_from()
    {
        var gone = VmStateMachine.Next(Migrating, new VmTrigger.HostDown("a"))!;

        Assert.Null(VmStateMachine.Next(gone, new VmTrigger.BootPlaced("c"))!.Origin);
    }

    [Theory]
    [InlineData(Absent, RunStep.Waiting)]
    [InlineData(VmLifecycle.Booting, RunStep.Boot)]
    [InlineData(Idle, RunStep.Waiting)]
    [InlineData(VmLifecycle.Preparing, RunStep.Prepare)]
    [InlineData(VmLifecycle.Migrating, RunStep.Migrate)]
    public void A_runs_step_is_the_state_of_its_vm(VmLifecycle state, RunStep step) =>
        Assert.Equal(step, VmStateMachine.StepOf(state));
}
