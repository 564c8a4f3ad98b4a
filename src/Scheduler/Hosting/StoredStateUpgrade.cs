using System.Text.Json.Nodes;
using MigrationAspire.Contracts;
using MigrationAspire.Scheduler.Experiments;
using MigrationAspire.Scheduler.Hosts;
using MigrationAspire.Scheduler.Vms;
using Orleans.Storage;

namespace MigrationAspire.Scheduler.Hosting;

/// <summary>
/// Grain state as an earlier scheduler stored it, brought to today's shape as it loads (the next write stores
/// the new shape). Renamed contract fields are <see cref="FormerNames"/>'; this handles what changed in the
/// scheduler's own state: one record per run (RunRecord), an experiment's admission, the VM's lifecycle stored once with its origin, typed
/// history events, and a heartbeat that carries a <see cref="HostReport"/>. Each step is a no-op on current state.
/// </summary>
public sealed class StoredStateUpgrade(IGrainStorageSerializer json) : IGrainStorageSerializer
{
    private static readonly Dictionary<Type, Action<JsonObject>> Upgrades = new()
    {
        [typeof(ExperimentState)] = Experiment,
        [typeof(VmGrainState)] = Vm,
        [typeof(HostGrainState)] = Host,
    };

    public BinaryData Serialize<T>(T? input) => json.Serialize(input);

    public T? Deserialize<T>(BinaryData input)
    {
        if (!Upgrades.TryGetValue(typeof(T), out var upgrade) || JsonNode.Parse(input.ToString()) is not JsonObject state)
            return json.Deserialize<T>(input);
        upgrade(state);
        return json.Deserialize<T>(BinaryData.FromString(state.ToJsonString()));
    }

    /// <summary>Run steps were gerunds while running (Booting) and strings once failed (boot): both are RunStep now.</summary>
    private static readonly Dictionary<string, string> FormerSteps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Booting"] = nameof(RunStep.Boot),
        ["Preparing"] = nameof(RunStep.Prepare),
        ["Migrating"] = nameof(RunStep.Migrate),
        ["Finishing"] = nameof(RunStep.Confirm),
    };

    private static void Experiment(JsonObject experiment)
    {
        foreach (var run in Objects(experiment["Runs"]))
        {
            if (run["Step"]?.GetValue<string>() is { } step && FormerSteps.TryGetValue(step, out var current))
                run["Step"] = current;
        }
        // The outbox held the message's own copy of the run's fields; the message now carries the run.
        var outbox = experiment["Outbox"] as JsonArray ?? [];
        for (var i = 0; i < outbox.Count; i++)
        {
            if (outbox[i] is JsonObject message && message["Run"] is null)
                outbox[i] = new JsonObject { ["Run"] = Detach(message) };
        }
        // Stored before the admission queue existed: an experiment that had started goes on without queueing
        // (and holds no slot); one that had not joins the queue when it is resumed.
        if (!experiment.ContainsKey("AdmittedAt") && experiment["StartedAt"] is { } started)
            experiment["AdmittedAt"] = started.DeepClone();
    }

    private static void Vm(JsonObject vm)
    {
        FormerNames.Rename(vm, "Vm", "Spec");
        foreach (var entry in Objects(vm["History"]))
        {
            // "boot-failed" and friends: the enum's names without the dashes, read ignoring case.
            if (entry["Event"]?.GetValue<string>() is { } name)
                entry["Event"] = name.Replace("-", "", StringComparison.Ordinal);
        }
        if (vm["Lifecycle"] is { } lifecycle)
        {
            // The lifecycle was stored twice (here and as the run's step); its place holds it once, with the
            // origin that placement's ping-pong once found by searching the history for the last migration.
            var origin = Objects(vm["History"]).LastOrDefault(e => string.Equals(e["Event"]?.GetValue<string>(), nameof(VmEvent.Migrated), StringComparison.OrdinalIgnoreCase))?["From"];
            vm["Place"] = new JsonObject
            {
                ["State"] = lifecycle.GetValue<string>(),
                ["Host"] = vm["Host"]?.DeepClone(),
                ["Destination"] = vm["DestinationHost"]?.DeepClone(),
                ["Origin"] = origin?.DeepClone(),
            };
            foreach (var former in new[] { "Lifecycle", "Host", "DestinationHost" })
                vm.Remove(former);
        }
        (vm["Current"] as JsonObject)?.Remove("Step");
        // Outcomes stored before they carried their run's plan cannot become runs: the experiment was told each of
        // them when it was stored, so only a repeat of a telling that got lost is given up.
        if (vm["RecentOutcomes"] is JsonObject outcomes)
        {
            foreach (var (runId, _) in outcomes.Where(o => o.Value is JsonObject outcome && outcome["Plan"] is null).ToList())
                outcomes.Remove(runId);
        }
    }

    private static void Host(JsonObject host)
    {
        if (host["Last"] is not JsonObject last || last["Report"] is not null)
            return;
        var report = new JsonObject();
        foreach (var field in new[] { "Host", "InstanceId", "Accelerator", "AcceleratorReason", "QemuVersion", "MigrationAddress", "MemoryBudgetMiB", "MemoryUsedMiB", "MaxVms", "Vms" })
            report[field] = last[field]?.DeepClone();
        var interval = TimeSpan.FromSeconds(last["IntervalSeconds"]?.GetValue<double>() ?? 0);
        host["Last"] = new JsonObject { ["Report"] = report, ["SentAt"] = last["SentAt"]?.DeepClone(), ["Interval"] = interval.ToString("c") };
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? array) => (array as JsonArray ?? []).OfType<JsonObject>();

    private static JsonObject Detach(JsonObject node) => (JsonObject)node.DeepClone();
}
