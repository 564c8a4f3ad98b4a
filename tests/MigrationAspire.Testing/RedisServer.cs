using System.Diagnostics;
using StackExchange.Redis;

namespace MigrationAspire.Testing;

/// <summary>
/// A throw-away <c>redis-server</c> on a free loopback port, with no persistence, in a temp directory.
/// redis-server is one of the lab's prerequisites (scripts/prereqs.sh), so its absence is a failure, not a skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly DirectoryInfo directory;

    private RedisServer(Process process, DirectoryInfo directory, int port, ConnectionMultiplexer connection)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";
    public ConnectionMultiplexer Connection { get; }
    public IDatabase Database => Connection.GetDatabase();

    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not installed, and these tests need a real Redis. " +
            "Install it (`apt-get install redis-server`; ./lab test does this) and run the tests again.");
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("ma-tests-redis-");
        var log = Path.Combine(directory.FullName, "redis.log");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", directory.FullName, "--logfile", log, "--daemonize", "no",
            },
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=2000").WaitAsync(TestTimeouts.Step);
                await connection.GetDatabase().PingAsync().WaitAsync(TestTimeouts.Step);
                return new RedisServer(process, directory, port, connection);
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TestTimeouts.Start && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Exception e)
            {
                process.Kill();
                var tail = File.Exists(log) ? File.ReadAllText(log) : "(no log)";
                throw new InvalidOperationException($"redis-server on port {port} did not answer: {e.Message}\n{tail}", e);
            }
        }
    }

    /// <summary>Stops the server, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
            process.Kill();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Step);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Step);
        await StopAsync();
        process.Dispose();
        directory.Delete(recursive: true);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
