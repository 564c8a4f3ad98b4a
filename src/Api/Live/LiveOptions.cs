using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.Api.Live;

/// <summary>How the server-sent event streams poll, section <c>Api:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Api:Live";

    /// <summary>How often a run's Redis stream is read for new samples; the executor writes one every ~100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the grains are asked for status; changes are sent only when something differs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A comment line on an idle stream, so proxies and browsers do not close it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
