using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the telemetry sources the lab exports, and the lab's own sources.</summary>
public static class Telemetry
{
    public const string MassTransit = "MassTransit";
    public const string OrleansRuntime = "Microsoft.Orleans.Runtime";
    public const string OrleansApplication = "Microsoft.Orleans.Application";
    public const string Orleans = "Microsoft.Orleans";

    public const string ExecutorName = "MigrationAspire.Executor";
    public const string SchedulerName = "MigrationAspire.Scheduler";
    public const string AnalyticsName = "MigrationAspire.Analytics";
    public const string ApiName = "MigrationAspire.Api";

    public static readonly string[] LabSources = [ExecutorName, SchedulerName, AnalyticsName, ApiName];
    public static readonly string[] LabMeters = LabSources;

    public static readonly ActivitySource Executor = new(ExecutorName);
    public static readonly ActivitySource Scheduler = new(SchedulerName);
    public static readonly ActivitySource Analytics = new(AnalyticsName);
    public static readonly ActivitySource Api = new(ApiName);

    public static readonly Meter ExecutorMeter = new(ExecutorName);
    public static readonly Meter SchedulerMeter = new(SchedulerName);
    public static readonly Meter AnalyticsMeter = new(AnalyticsName);
}
