using MigrationAspire.Cli.Lab;
using MigrationAspire.Cli.Output;
using MigrationAspire.Contracts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MigrationAspire.Cli.Hosts;

internal sealed class HostsCommand(Terminal terminal) : AsyncCommand<LabSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, LabSettings settings, CancellationToken cancellationToken)
    {
        using var lab = new LabClient(settings.ApiAddress);
        var hosts = await lab.GetAsync<List<HostView>>("api/hosts", cancellationToken);
        if (hosts.Count == 0)
        {
            terminal.Out.WriteLine($"No executor host has registered with the lab at {lab.Api} yet.");
            return ExitCodes.Ok;
        }
        terminal.Write(Render(hosts, terminal.Border));
        return ExitCodes.Ok;
    }

    internal static Table Render(IEnumerable<HostView> hosts, TableBorder border)
    {
        var table = new Table().Border(border);
        table.AddColumn("Host");
        table.AddColumn("State");
        table.AddColumn("Accelerator");
        table.AddColumn("QEMU");
        table.AddColumn(new TableColumn("Memory used").RightAligned());
        table.AddColumn(new TableColumn("VMs").RightAligned());
        table.AddColumn("Last seen");
        foreach (var view in hosts)
        {
            var host = view.Report;
            table.AddRow(
                new Text(host.Host),
                new Text(view.Alive ? "up" : $"down: {view.DownReason ?? "no heartbeat"}", new Style(view.Alive ? Color.Green : Color.Red)),
                new Text($"{host.Accelerator} ({host.AcceleratorReason})"),
                new Text(host.QemuVersion),
                new Text($"{Units.Count(host.MemoryUsedMiB)} of {Units.Count(host.MemoryBudgetMiB)} MiB"),
                new Text($"{host.Vms.Count} of {host.MaxVms}" + (host.Vms.Count > 0 ? $": {string.Join(", ", host.Vms.Select(v => v.VmId))}" : "")),
                new Text(Units.Time(view.LastSeen)));
        }
        return table;
    }
}
