using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationAspire.EndToEnd.Tests.Fixture;

/// <summary>
/// Keeps every resource's console log in a file, so a failed end-to-end run can be read afterwards (the lab
/// directory itself is removed). The directory is printed by the tests that fail.
/// </summary>
public sealed class ResourceLogs(DistributedApplication app, string directory) : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly System.Collections.Concurrent.ConcurrentBag<Task> pumps = [];

    public string Directory { get; } = directory;

    /// <summary>Logs of earlier runs are kept for reading after a failure, but not forever.</summary>
    public static void RemoveOlderThan(TimeSpan age)
    {
        foreach (var old in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "ma-e2e-*-logs"))
        {
            if (DateTime.UtcNow - System.IO.Directory.GetLastWriteTimeUtc(old) > age)
            {
                try { System.IO.Directory.Delete(old, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    /// <summary>Call before the app starts: logs are keyed by resource id, known only from resource events.</summary>
    public void Start()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        pumps.Add(Task.Run(async () =>
        {
            var watched = new HashSet<string>();
            try
            {
                await foreach (var e in notifications.WatchAsync(stop.Token))
                {
                    if (watched.Add(e.ResourceId))
                        pumps.Add(Task.Run(() => PumpAsync(logs, e.ResourceId, e.Resource.Name)));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }

    private async Task PumpAsync(ResourceLoggerService logs, string resourceId, string name)
    {
        await using var file = new StreamWriter(new FileStream(Path.Combine(Directory, $"{name}.log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stop.Token))
                foreach (var line in batch)
                    await file.WriteLineAsync(line.Content);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The last lines of a resource's log that mention <paramref name="text"/>.</summary>
    public string Grep(string resource, string text, int lines = 20)
    {
        var path = Path.Combine(Directory, $"{resource}.log");
        if (!File.Exists(path))
            return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var matches = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(text, StringComparison.Ordinal)) continue;
            matches.Enqueue(line);
            if (matches.Count > lines) matches.Dequeue();
        }
        return string.Join(Environment.NewLine, matches);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(pumps.ToArray()).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
