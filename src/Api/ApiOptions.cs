using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Api;

/// <summary>The API's settings, section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Where <c>/api/analytics/…</c> is forwarded; a service-discovery name unless set to a real address.</summary>
    [Required]
    public Uri AnalyticsAddress { get; set; } = new("http://analytics");
}
