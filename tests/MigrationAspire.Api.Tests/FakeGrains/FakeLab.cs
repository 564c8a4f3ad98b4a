using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Tests.FakeGrains;

/// <summary>
/// What the fake grains know, kept in dictionaries the tests can read and change: experiments with their runs,
/// the experiment index and the hosts. Shared by every grain of the test silo.
/// </summary>
public sealed class FakeLab
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (ExperimentView View, List<RunRecord> Runs)> experiments = [];
    private readonly List<string> index = [];
    private readonly Dictionary<string, HostView> hosts = [];

    /// <summary>Every Create call the experiment grains received, accepted or not.</summary>
    public int CreateCalls { get; private set; }

    /// <summary>When set, the next Create throws <see cref="ArgumentException"/> with this message (the real grain re-validates).</summary>
    public string? RefuseNextCreate { get; set; }

    public IReadOnlyList<string> Index { get { lock (gate) return [.. index]; } }

    /// <summary>How long an experiment grain's Get takes, as a wedged scheduler's would; none unless set.</summary>
    public TimeSpan Stall { get; set; }

    public Task StallAsync() => Stall > TimeSpan.Zero ? Task.Delay(Stall) : Task.CompletedTask;

    public ExperimentView Create(string id, ExperimentSpec spec)
    {
        lock (gate)
        {
            CreateCalls++;
            if (RefuseNextCreate is { } refusal)
            {
                RefuseNextCreate = null;
                throw new ArgumentException(refusal);
            }
            if (ExperimentSpecValidator.Validate(spec) is { Count: > 0 } errors)
                throw new ArgumentException(string.Join(" ", errors.SelectMany(e => e.Value)));
            var runs = SweepExpander.Expand(id, spec).Select(plan => new RunRecord { Plan = plan, Status = RunStatus.Pending }).ToList();
            var view = new ExperimentView
            {
                Id = id, Name = spec.Name, Spec = spec, Status = ExperimentStatus.Pending,
                Runs = Count(runs), CreatedAt = DateTimeOffset.UtcNow,
            };
            experiments[id] = (view, runs);
            index.Insert(0, id); // as the real grain does: it lists what it stores, newest first
            return view;
        }
    }

    public ExperimentView? Get(string id) { lock (gate) return experiments.GetValueOrDefault(id).View; }

    public IReadOnlyList<RunRecord> GetRuns(string id) { lock (gate) return experiments.TryGetValue(id, out var e) ? [.. e.Runs] : []; }

    public RunRecord? GetRun(string id, int runIndex)
    {
        lock (gate)
            return experiments.TryGetValue(id, out var e) && runIndex >= 0 && runIndex < e.Runs.Count ? e.Runs[runIndex] : null;
    }

    public ExperimentView? Cancel(string id, string reason)
    {
        lock (gate)
        {
            if (!experiments.ContainsKey(id))
                return null;
            foreach (var run in GetRuns(id).Where(r => r.Status is RunStatus.Pending or RunStatus.Running))
                SetRun(run.Plan.RunId, RunStatus.Cancelled);
            return Update(id, v => v with { Status = ExperimentStatus.Cancelled, Reason = reason, FinishedAt = DateTimeOffset.UtcNow });
        }
    }

    /// <summary>Moves a run on, as the scheduler would, and recounts its experiment.</summary>
    public void SetRun(string runId, RunStatus status, RunStep? step = null, MigrationResult? result = null)
    {
        Assert.True(RunPlan.TryParseRunId(runId, out var id, out var runIndex));
        lock (gate)
        {
            var runs = experiments[id].Runs;
            runs[runIndex] = runs[runIndex] with { Status = status, Step = step, Result = result };
            Update(id, v => v with { Runs = Count(runs) });
        }
    }

    public ExperimentView SetStatus(string id, ExperimentStatus status)
    {
        lock (gate)
            return Update(id, v => v with { Status = status });
    }

    public void AddToIndex(string id) { lock (gate) if (!index.Contains(id)) index.Insert(0, id); }

    public void AddHost(HostView host) { lock (gate) hosts[host.Report.Host] = host; }

    public IReadOnlyList<string> HostNames { get { lock (gate) return [.. hosts.Keys]; } }

    public HostView? GetHost(string name) { lock (gate) return hosts.GetValueOrDefault(name); }

    private ExperimentView Update(string id, Func<ExperimentView, ExperimentView> change)
    {
        var (view, runs) = experiments[id];
        experiments[id] = (change(view), runs);
        return experiments[id].View;
    }

    private static RunCounts Count(List<RunRecord> runs) => new()
    {
        Pending = runs.Count(r => r.Status == RunStatus.Pending),
        Running = runs.Count(r => r.Status == RunStatus.Running),
        Completed = runs.Count(r => r.Status == RunStatus.Completed),
        Failed = runs.Count(r => r.Status == RunStatus.Failed),
        Cancelled = runs.Count(r => r.Status == RunStatus.Cancelled),
    };
}
