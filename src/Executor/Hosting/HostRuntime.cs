using MigrationAspire.Executor.Qemu;

namespace MigrationAspire.Executor.Hosting;

/// <summary>What this executor learned at start-up: the guest image and the accelerator. Not ready until both are known.</summary>
public sealed class HostRuntime
{
    private readonly TaskCompletionSource<(GuestImage Image, AcceleratorChoice Accelerator)> ready =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string InstanceId { get; } = Guid.NewGuid().ToString("n")[..12];

    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    /// <summary>Why the host cannot take work, when initialisation failed.</summary>
    public string? Failure { get; private set; }

    public GuestImage Image => ready.Task.Result.Image;

    public AcceleratorChoice Accelerator => ready.Task.Result.Accelerator;

    /// <summary>The accelerator once known, else a placeholder for heartbeats sent while probing.</summary>
    public AcceleratorChoice AcceleratorOrPending =>
        IsReady ? Accelerator : new AcceleratorChoice("unknown", Failure ?? "probing", "unknown");

    /// <summary>Why this host cannot take a VM now; null when it can.</summary>
    public string? NotReadyReason => IsReady ? null
        : Failure is null ? "the executor is still starting (probing the accelerator)"
        : $"the executor cannot run VMs: {Failure}";

    public void SetReady(GuestImage image, AcceleratorChoice accelerator) => ready.TrySetResult((image, accelerator));

    public void SetFailed(string reason)
    {
        Failure = reason;
        ready.TrySetException(new InvalidOperationException(reason));
    }
}
