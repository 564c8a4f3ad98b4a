using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MigrationAspire.Executor.Qmp;

namespace MigrationAspire.Executor.Tests.Qmp;

internal sealed record ReceivedCommand(string Execute, string IdJson, JsonElement? Arguments);

/// <summary>
/// A fake QEMU monitor on a temporary Unix socket, driven step by step by the test: it expects the
/// client's commands and answers with replies, errors and events exactly as the test scripts them.
/// </summary>
internal sealed class ScriptedQmpPeer : IAsyncDisposable
{
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private Socket? connection;
    private StreamReader? reader;

    private ScriptedQmpPeer(string socketPath) => SocketPath = socketPath;

    public string SocketPath { get; }

    public static string NewSocketPath() => Path.Combine(Path.GetTempPath(), $"ma-qmp-{Guid.NewGuid():N}.sock");

    public static ScriptedQmpPeer Listen(string? socketPath = null)
    {
        var peer = new ScriptedQmpPeer(socketPath ?? NewSocketPath());
        peer.listener.Bind(new UnixDomainSocketEndPoint(peer.SocketPath));
        peer.listener.Listen(4);
        return peer;
    }

    /// <summary>Accepts the client, greets it (unless null) and acknowledges qmp_capabilities if asked.</summary>
    public async Task AcceptAsync(string? greeting = QmpTranscripts.Greeting, bool negotiate = true)
    {
        connection = await listener.AcceptAsync().Within();
        reader = new StreamReader(new NetworkStream(connection), Encoding.UTF8);
        if (greeting is not null)
            await SendAsync(greeting);
        if (greeting is not null && negotiate)
            await ReplyAsync(await ExpectAsync("qmp_capabilities"), "{}");
    }

    public async Task<ReceivedCommand> ExpectAsync(string execute)
    {
        var command = await NextCommandAsync();
        Assert.Equal(execute, command.Execute);
        return command;
    }

    public async Task<ReceivedCommand> NextCommandAsync()
    {
        var line = await reader!.ReadLineAsync().Within()
            ?? throw new InvalidOperationException("The client closed the connection.");
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new ReceivedCommand(
            root.GetProperty("execute").GetString()!,
            root.GetProperty("id").GetRawText(),
            root.TryGetProperty("arguments", out var arguments) ? arguments.Clone() : null);
    }

    public Task ReplyAsync(ReceivedCommand command, string returnJson) =>
        SendAsync($$"""{"return": {{returnJson}}, "id": {{command.IdJson}}}""");

    public Task ErrorAsync(ReceivedCommand command, string errorClass, string description) =>
        SendAsync($$$"""{"id": {{{command.IdJson}}}, "error": {"class": "{{{errorClass}}}", "desc": "{{{description}}}"}}""");

    /// <summary>Sends lines the way QEMU does, CRLF-terminated, all in a single write.</summary>
    public Task SendAsync(params string[] lines) =>
        SendRawAsync(string.Concat(lines.Select(l => l + "\r\n")));

    public async Task SendRawAsync(string text) =>
        await connection!.SendAsync((ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(text), SocketFlags.None).AsTask().Within();

    public void CloseConnection() => connection?.Dispose();

    public ValueTask DisposeAsync()
    {
        connection?.Dispose();
        listener.Dispose();
        File.Delete(SocketPath);
        return ValueTask.CompletedTask;
    }
}
