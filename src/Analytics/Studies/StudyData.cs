using MigrationAspire.Analytics.Storage;
using MigrationAspire.Analytics.Summary;
using MigrationAspire.Contracts;

namespace MigrationAspire.Analytics.Studies;

/// <summary>The stored groups of each experiment of a study (none yet for an experiment no run of which has finished).</summary>
public sealed class StudyData(string studyId, IReadOnlyDictionary<SeedExperiment, IReadOnlyList<GroupData>> groups)
{
    public string StudyId { get; } = studyId;

    public static async Task<StudyData> LoadAsync(RunStore store, string studyId, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<SeedExperiment, IReadOnlyList<GroupData>>();
        foreach (var experiment in Enum.GetValues<SeedExperiment>())
            groups[experiment] = await store.LoadGroupsAsync(SeedExperimentIds.For(studyId, experiment), cancellationToken);
        return new StudyData(studyId, groups);
    }

    public IReadOnlyList<GroupData> Groups(SeedExperiment experiment) => groups.GetValueOrDefault(experiment) ?? [];

    public IEnumerable<GroupData> Of(SeedExperiment experiment, MigrationMode? mode) =>
        Groups(experiment).Where(g => mode is null || g.Plan.Migration.Mode == mode);

    /// <summary>Every completed run's (x, metric) where the group has a numeric value for the path.</summary>
    public IReadOnlyList<(double X, double Y)> Points(SeedExperiment experiment, string xPath, string metric, MigrationMode? mode = null) =>
        Of(experiment, mode)
            .Select(g => (X: X(g, xPath), Values: Values(g, metric)))
            .Where(p => p.X is not null)
            .SelectMany(p => p.Values.Select(y => (p.X!.Value, y)))
            .ToList();

    public IReadOnlyList<double> Values(SeedExperiment experiment, string metric, MigrationMode? mode = null) =>
        Of(experiment, mode).SelectMany(g => Values(g, metric)).ToList();

    /// <summary>Per value of the path, in sweep order: metric A of the runs of mode A beside metric B of the runs of mode B.</summary>
    public IReadOnlyList<(IReadOnlyList<double> A, IReadOnlyList<double> B)> Pairs(
        SeedExperiment experiment, string xPath, (string Metric, MigrationMode Mode) a, (string Metric, MigrationMode Mode) b) =>
        Groups(experiment).Select(g => X(g, xPath)).OfType<double>().Distinct()
            .Select(x => ((IReadOnlyList<double>)At(experiment, xPath, x, a), (IReadOnlyList<double>)At(experiment, xPath, x, b)))
            .Where(p => p.Item1.Count > 0 && p.Item2.Count > 0)
            .ToList();

    private double[] At(SeedExperiment experiment, string xPath, double x, (string Metric, MigrationMode Mode) at) =>
        Of(experiment, at.Mode).Where(g => X(g, xPath) == x).SelectMany(g => Values(g, at.Metric)).ToArray();

    /// <summary>(total, pre-copy, guest-observed downtime) per completed run: always measured, so the arrays pair up by index.</summary>
    public IReadOnlyList<(double Total, double Part, double Downtime)> Sums(SeedExperiment experiment, MigrationMode mode) =>
        Of(experiment, mode).SelectMany(g =>
        {
            var (total, precopy, guest) = (Values(g, "totalTimeMs"), Values(g, "precopyTimeMs"), Values(g, "guestObservedDowntimeMs"));
            var n = Math.Min(total.Length, Math.Min(precopy.Length, guest.Length));
            return Enumerable.Range(0, n).Select(i => (total[i], precopy[i], guest[i]));
        }).ToList();

    public static double? X(GroupData group, string path) =>
        SweepLayout.ValueOf(group, path) is { } raw ? new ParameterValue(raw).Number : null;

    public static double[] Values(GroupData group, string metric) => group.Values.GetValueOrDefault(metric) ?? [];
}
