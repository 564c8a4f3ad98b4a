namespace MigrationAspire.Executor.Qmp;

/// <summary>Typed wrappers for VM-level commands; all use the client's default command timeout.</summary>
public static class QmpVmCommands
{
    public static Task<VmStatusInfo> QueryStatusAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<VmStatusInfo>("query-status", cancellationToken: cancellationToken);

    public static Task<QemuVersionInfo> QueryVersionAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync<QemuVersionInfo>("query-version", cancellationToken: cancellationToken);

    /// <summary>Pauses the vCPUs; QEMU emits <c>STOP</c>, usually before the reply.</summary>
    public static Task StopAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("stop", cancellationToken: cancellationToken);

    /// <summary>Resumes the vCPUs (on a migration destination: starts the migrated guest); emits <c>RESUME</c>.</summary>
    public static Task ContAsync(this QmpClient client, CancellationToken cancellationToken = default) =>
        client.ExecuteAsync("cont", cancellationToken: cancellationToken);

    /// <summary>
    /// Asks QEMU to exit and returns once the connection has closed. QEMU emits <c>SHUTDOWN</c>,
    /// replies, then closes; if the close wins the race with the reply, that still counts as success.
    /// </summary>
    /// <exception cref="TimeoutException">QEMU kept the connection open past the timeout.</exception>
    public static async Task QuitAsync(this QmpClient client, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.ExecuteAsync("quit", cancellationToken: cancellationToken);
        }
        catch (QmpConnectionClosedException)
        {
        }
        await client.Completion.WaitAsync(client.Options.DefaultCommandTimeout, cancellationToken);
    }
}
