using System.Globalization;

namespace MigrationAspire.Cli.Output;

/// <summary>Figures as a researcher reads them: units named, thousands grouped by a space, absent figures as a dash.</summary>
internal static class Units
{
    public const string Absent = "—";

    private static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public static string Count(long? value) => value is { } v ? v.ToString("#,0", Numbers) : Absent;

    public static string MiB(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString(b < 10 * 1048576L ? "#,0.0" : "#,0", Numbers) + " MiB" : Absent;

    public static string PagesPerSecond(long? rate) => rate is { } r ? Count(r) + " pages/s" : Absent;

    /// <summary>QEMU's <c>mbps</c> is megabits (10⁶) per second; the spec speaks MiB/s (<c>maxBandwidthMiBps</c>).</summary>
    public static string Throughput(double? mbps) => mbps is { } m ? MiBps(m).ToString(MiBps(m) < 10 ? "0.0" : "#,0", Numbers) + " MiB/s" : Absent;

    public static double MiBps(double mbps) => mbps * 1e6 / 8 / 1048576;

    public static string Number(double? value) => value is { } v ? v.ToString(Math.Abs(v) >= 100 ? "#,0" : "0.####", Numbers) : Absent;

    public static string Milliseconds(double? ms) => ms is { } v ? v.ToString(v < 10 ? "0.0" : "#,0", Numbers) + " ms" : Absent;

    /// <summary>"850 ms", "12.4 s", "3 min 05 s".</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => Absent,
        { TotalSeconds: < 1 } d => Milliseconds(d.TotalMilliseconds),
        { TotalMinutes: < 1 } d => d.TotalSeconds.ToString("0.0", Numbers) + " s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Absent;

    /// <summary>camelCase, as the API and specs spell enum values: <c>completedWithFailures</c>.</summary>
    public static string Name<T>(T value) where T : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
