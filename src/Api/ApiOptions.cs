using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Api;

/// <summary>The API's settings, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Where <c>/api/analytics/…</c> is forwarded; a service-discovery name unless set to a real address.</summary>
    [Required]
    public Uri AnalyticsAddress { get; set; } = new("http://analytics");

    /// <summary>The longest the API waits for a grain's answer (Orleans' response timeout) before it answers 503 naming the scheduler.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SchedulerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>Retry-After</c> of a 503 for a dependency out of reach: about the app host's first restart delay and a start.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DependencyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
