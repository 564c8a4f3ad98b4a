using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Contracts;

namespace MigrationAspire.Executor.Migration;

/// <summary>
/// A run's outcome (<see cref="MigrationCompleted"/>, <see cref="MigrationFailed"/>) kept on disk until the bus has
/// taken it: written before the first publish, removed once a publish returns, and published again every
/// <see cref="ResendInterval"/> (and when the executor starts again) while RabbitMQ is away. Without it an outcome
/// published into a dead connection was lost, and its run waited for the scheduler's deadline. The scheduler takes an
/// outcome once: a second copy of one, or one for a run it no longer follows, is ignored (<c>VmGrain.Events.cs</c>).
/// </summary>
public sealed class OutcomeOutbox
{
    /// <summary>The outbox's directory under the host's work directory; <c>OrphanReaper</c> leaves it alone.</summary>
    public const string DirectoryName = "outbox";

    /// <summary>How long one publish may wait for the broker before the outcome is left for the next attempt.</summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static readonly Dictionary<string, Type> Kinds = new()
    {
        [nameof(MigrationCompleted)] = typeof(MigrationCompleted),
        [nameof(MigrationFailed)] = typeof(MigrationFailed),
    };

    private readonly string directory;
    private readonly Func<object, Type, CancellationToken, Task> publish;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, byte> sending = new();

    /// <param name="directory">Where pending outcomes live (created if missing).</param>
    /// <param name="publish">Publishes one message as its type (the bus's <c>Publish(object, Type, token)</c>).</param>
    public OutcomeOutbox(string directory, Func<object, Type, CancellationToken, Task> publish, ILogger logger)
    {
        this.directory = directory;
        this.publish = publish;
        this.logger = logger;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Outcomes written and not yet taken by the bus.</summary>
    public int Pending => Directory.EnumerateFiles(directory, "*.json").Count();

    /// <summary>Keeps the outcome, then publishes it; true when the bus took it now, false when it stays for a resend.</summary>
    /// <exception cref="ArgumentException">Not a run outcome.</exception>
    public async Task<bool> SendAsync(object outcome, string runId)
    {
        var kind = outcome.GetType().Name;
        if (!Kinds.ContainsKey(kind))
            throw new ArgumentException($"{kind} is not a run outcome the outbox keeps ({string.Join(", ", Kinds.Keys)})", nameof(outcome));
        var file = Path.Combine(directory, $"{FileName(runId)}.json");
        var temporary = file + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(new Envelope(kind, runId, JsonSerializer.SerializeToElement(outcome, outcome.GetType(), Json)), Json));
        File.Move(temporary, file, overwrite: true);
        return await TryPublishAsync(file, outcome, runId);
    }

    /// <summary>Publishes every kept outcome, oldest first; returns how many the bus took.</summary>
    public async Task<int> ResendPendingAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").OrderBy(File.GetLastWriteTimeUtc).ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            Envelope? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<Envelope>(await File.ReadAllBytesAsync(file, cancellationToken), Json);
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // A file that is not an outcome is kept aside for a person to read, not resent forever.
                logger.LogWarning("Outbox file {File} is not a readable outcome ({Reason}); moved aside", file, e.Message);
                File.Move(file, file + ".unreadable", overwrite: true);
                continue;
            }
            if (envelope is null || !Kinds.TryGetValue(envelope.Kind, out var type) || envelope.Message.Deserialize(type, Json) is not { } outcome)
            {
                logger.LogWarning("Outbox file {File} holds no known outcome; moved aside", file);
                File.Move(file, file + ".unreadable", overwrite: true);
                continue;
            }
            if (await TryPublishAsync(file, outcome, envelope.RunId))
                sent++;
        }
        return sent;
    }

    private async Task<bool> TryPublishAsync(string file, object outcome, string runId)
    {
        // One publish per file at a time: the first send and the resend loop never race each other.
        if (!sending.TryAdd(file, 0))
            return false;
        try
        {
            using var timeout = new CancellationTokenSource(PublishTimeout);
            await publish(outcome, outcome.GetType(), timeout.Token);
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Run {RunId}: the bus did not take its {Kind} ({Reason}); kept in the outbox, resent every {Interval} s",
                runId, outcome.GetType().Name, e.Message, ResendInterval.TotalSeconds);
            return false;
        }
        finally
        {
            sending.TryRemove(file, out _);
        }
    }

    private static string FileName(string runId) =>
        string.Concat(runId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private sealed record Envelope(string Kind, string RunId, JsonElement Message);
}

/// <summary>Resends what the outbox keeps, from start-up (outcomes of a previous life of this executor) on.</summary>
public sealed class OutboxResender(OutcomeOutbox outbox, ILogger<OutboxResender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await outbox.ResendPendingAsync(stoppingToken) is > 0 and var sent)
                    logger.LogInformation("Outbox: the bus took {Count} kept outcome(s)", sent);
                await Task.Delay(OutcomeOutbox.ResendInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException e)
            {
                logger.LogWarning("Outbox: could not read its directory ({Reason})", e.Message);
                await Task.Delay(OutcomeOutbox.ResendInterval, stoppingToken);
            }
        }
    }
}
