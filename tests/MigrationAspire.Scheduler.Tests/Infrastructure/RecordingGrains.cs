using System.Collections.Concurrent;
using MigrationAspire.Contracts;

namespace MigrationAspire.Scheduler.Tests.Infrastructure;

/// <summary>One call a consumer made: which grain (interface and key), which method, with what.</summary>
public sealed record GrainCall(string Grain, string Key, string Method, object? Argument);

/// <summary>An <see cref="IGrainFactory"/> whose VM and host grains only record the calls they get.</summary>
public sealed class RecordingGrains : IGrainFactory
{
    private readonly ConcurrentQueue<GrainCall> calls = new();

    public IReadOnlyList<GrainCall> Calls => [.. calls];

    /// <summary>When set, every grain call throws it (after being recorded), as a grain that could not store its state.</summary>
    public Exception? Failure { get; set; }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        object grain = typeof(TGrainInterface) == typeof(IVmGrain) ? new Vm(primaryKey, this)
            : typeof(TGrainInterface) == typeof(IHostGrain) ? new Host(primaryKey, this)
            : throw new NotSupportedException($"no fake for {typeof(TGrainInterface).Name}");
        return (TGrainInterface)grain;
    }

    private Task Record(string grain, string key, string method, object? argument)
    {
        calls.Enqueue(new GrainCall(grain, key, method, argument));
        return Failure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    private sealed class Vm(string key, RecordingGrains owner) : IVmGrain
    {
        private Task Record(string method, object? argument) => owner.Record(nameof(IVmGrain), key, method, argument);

        public Task Run(string experimentId, RunPlan plan) => Record(nameof(Run), plan);
        public Task Cancel(string runId, string reason) => Record(nameof(Cancel), runId);
        public Task Release(string reason) => Record(nameof(Release), reason);
        public Task OnBooted(VmBooted booted) => Record(nameof(OnBooted), booted);
        public Task OnBootFailed(VmBootFailed failed) => Record(nameof(OnBootFailed), failed);
        public Task OnIncomingReady(IncomingReady ready) => Record(nameof(OnIncomingReady), ready);
        public Task OnIncomingFailed(IncomingFailed failed) => Record(nameof(OnIncomingFailed), failed);
        public Task OnMigrationCompleted(MigrationCompleted completed) => Record(nameof(OnMigrationCompleted), completed);
        public Task OnMigrationFailed(MigrationFailed failed) => Record(nameof(OnMigrationFailed), failed);
        public Task OnHostDown(string host, string reason) => Record(nameof(OnHostDown), host);
        public Task Reconcile() => Record(nameof(Reconcile), null);
        public async Task<RunReceipt> Receipt(string runId)
        {
            await Record(nameof(Receipt), runId);
            return RunReceipt.Unknown;
        }
        public ValueTask<VmView?> Get() => ValueTask.FromResult<VmView?>(null);
    }

    private sealed class Host(string key, RecordingGrains owner) : IHostGrain
    {
        public ValueTask Heartbeat(HostHeartbeat heartbeat) => new(owner.Record(nameof(IHostGrain), key, nameof(Heartbeat), heartbeat));

        public ValueTask<HostView?> Get() => ValueTask.FromResult<HostView?>(null);
    }

    // Nothing else of the factory is used by the consumers.
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithGuidCompoundKey => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null) where TGrainInterface : IGrainWithIntegerCompoundKey => throw new NotSupportedException();
    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj) where TGrainObserverInterface : IGrainObserver => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => throw new NotSupportedException();
    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId) => throw new NotSupportedException();
    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => throw new NotSupportedException();
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => throw new NotSupportedException();
    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => throw new NotSupportedException();
}
