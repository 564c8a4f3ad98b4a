using System.ComponentModel.DataAnnotations;

namespace MigrationAspire.AppHost.Supervision;

/// <summary>How the app host restarts what crashes, section <c>Lab:Supervision</c>.</summary>
public sealed class SupervisionOptions : IValidatableObject
{
    public const string Section = "Lab:Supervision";

    /// <summary>The wait before the first restart; each further exit in <see cref="Window"/> doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between an exit and the restart.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Restarts allowed in <see cref="Window"/>; the exit after the last of them is given up on.</summary>
    [Range(0, 1000)]
    public int MaxRestarts { get; set; } = 5;

    /// <summary>How far back exits count against <see cref="MaxRestarts"/> and the back-off.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FirstDelay > MaxDelay)
            yield return new ValidationResult(
                $"FirstDelay ({FirstDelay}) must not exceed MaxDelay ({MaxDelay})", [nameof(FirstDelay), nameof(MaxDelay)]);
    }
}
