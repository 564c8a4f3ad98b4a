using System.Net;
using System.Net.Sockets;
using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;

namespace MigrationAspire.Cli.Tests.Lab;

public sealed class LabClientTests
{
    private static readonly Uri Api = new("http://lab.test:5080/");

    [Fact]
    public async Task A_spec_the_lab_refuses_raises_its_problem_and_exits_as_refused()
    {
        using var lab = new LabClient(Api, new ScriptedHandler(_ => ScriptedHandler.Json(HttpStatusCode.BadRequest,
            """{"title":"The experiment spec is invalid.","status":400,"errors":{"repetitions":["repetitions must be between 1 and 1000 (was 0)."]}}""")));

        var refused = await Assert.ThrowsAsync<LabRefusedException>(() => lab.SubmitAsync("""{"name":"x","repetitions":0}""", CancellationToken.None));

        Assert.Equal(["The experiment spec is invalid.", "  repetitions: repetitions must be between 1 and 1000 (was 0)."], refused.Problem.Lines());
        using var output = new StringWriter();
        Assert.Equal(ExitCodes.Refused, ErrorReport.Print(Terminal.Plain(output), refused));
        Assert.Contains("  repetitions: repetitions must be between 1 and 1000 (was 0).", output.ToString());
    }

    [Fact]
    public async Task A_lab_nobody_listens_for_gives_one_line_saying_so_and_how_to_point_elsewhere()
    {
        // A port that was free a moment ago: nothing listens there now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var lab = new LabClient(new Uri($"http://127.0.0.1:{port}/"));

        var unreachable = await Assert.ThrowsAsync<LabUnreachableException>(() => lab.GetAsync<object>("api/hosts", CancellationToken.None));

        using var output = new StringWriter();
        Assert.Equal(ExitCodes.LabUnavailable, ErrorReport.Print(Terminal.Plain(output), unreachable));
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"cannot reach the lab at http://127.0.0.1:{port}/: connection refused. Is it running (./lab run)? Another lab: --api URL or $LAB_API.", line);
    }

    [Fact]
    public async Task A_live_stream_that_breaks_off_is_reopened_from_the_last_event_it_delivered()
    {
        var handler = new ScriptedHandler(
            _ => ScriptedHandler.Events("event: sample\nid: 100-0\ndata: {}\n\nevent: sample\nid: 200-0\ndata: {}\n\n"),
            _ => ScriptedHandler.Events(": heartbeat\n\nevent: sample\nid: 300-0\ndata: {}\n\nevent: end\ndata: {\"status\":\"completed\"}\n\n"));
        using var lab = new LabClient(Api, handler);

        var events = new List<string>();
        await foreach (var item in lab.FollowAsync("api/runs/exp-1-0000/events", CancellationToken.None))
            events.Add($"{item.EventType} {item.EventId}");

        Assert.Equal(["sample 100-0", "sample 200-0", "sample 300-0", "end "], events);
        Assert.Equal(2, handler.Requests.Count);
        Assert.False(handler.Requests[0].Headers.Contains("Last-Event-ID"));
        Assert.Equal(["200-0"], handler.Requests[1].Headers.GetValues("Last-Event-ID"));
    }

    [Fact]
    public async Task A_live_stream_stops_at_its_end_event_without_asking_again()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Events("event: end\ndata: {\"status\":\"cancelled\"}\n\n"));
        using var lab = new LabClient(Api, handler);

        var events = new List<string>();
        await foreach (var item in lab.FollowAsync("api/experiments/exp-1/events", CancellationToken.None))
            events.Add(item.EventType);

        Assert.Equal(["end"], events);
        Assert.Single(handler.Requests);
    }
}
