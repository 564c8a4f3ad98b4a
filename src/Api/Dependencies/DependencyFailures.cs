using StackExchange.Redis;

namespace MigrationAspire.Api.Dependencies;

/// <summary>Which dependency an exception says is out of reach, if any: the one place that knows each client's failures.</summary>
public static class DependencyFailures
{
    private const string DataKey = "MigrationAspire.Dependency";

    /// <summary>
    /// Marks <paramref name="failure"/> as <paramref name="dependency"/> being out of reach, where the call to it is
    /// made (<see cref="UnreachableMarker"/>, <see cref="SchedulerUnreachableMarker"/>): their exceptions do not say whom they called.
    /// </summary>
    public static void Mark(Exception failure, LabDependency dependency) => failure.Data[DataKey] = dependency;

    /// <summary>The unreachable dependency <paramref name="failure"/> (or an exception inside it) names; null for any other failure.</summary>
    public static LabDependency? Of(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e.Data[DataKey] is LabDependency marked)
                return marked;
            if (e is RedisConnectionException or RedisTimeoutException)
                return LabDependency.Redis;
        }
        return null;
    }

    /// <summary>What a person calls it at the start of a sentence.</summary>
    public static string Name(this LabDependency dependency) => dependency switch
    {
        LabDependency.Scheduler => "the scheduler",
        LabDependency.Redis => "Redis",
        LabDependency.Analytics => "the analytics service",
        _ => throw new ArgumentOutOfRangeException(nameof(dependency), dependency, null),
    };
}
