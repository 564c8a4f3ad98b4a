namespace MigrationAspire.Executor.Migration;

/// <summary>The outcomes of recent runs, so a duplicated StartMigration is answered again instead of run again.</summary>
public sealed class FinishedRuns(int capacity = 1000)
{
    private readonly Dictionary<string, object> outcomes = [];
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    public void Add(string runId, object outcome)
    {
        lock (gate)
        {
            if (outcomes.TryAdd(runId, outcome))
                order.Enqueue(runId);
            while (order.Count > capacity)
                outcomes.Remove(order.Dequeue());
        }
    }

    public bool TryGet(string runId, out object outcome)
    {
        lock (gate)
            return outcomes.TryGetValue(runId, out outcome!);
    }
}
