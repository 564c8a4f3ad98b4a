using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Network.Links;
using MigrationAspire.Network.Native;

namespace MigrationAspire.Network.Topology;

/// <summary>The lab network as a whole: written by the process that creates the switch.</summary>
internal sealed record NetworkRecord(string Subnet, LinkMechanism Mechanism, string LabDirectory, ProcessStamp Owner);

/// <summary>One attached host: written before its namespace exists, so every namespace of the lab has an owner on record.</summary>
internal sealed record HostRecord(string Host, int Index, ProcessStamp Owner);

/// <summary>The small files in the lab's runtime directory. Read and written under <see cref="LabLock"/>.</summary>
internal sealed class LabState(LabNames names)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private string NetworkFile => Path.Combine(names.RuntimeDirectory, "network.json");
    private string HostsDirectory => Path.Combine(names.RuntimeDirectory, "hosts");
    private string HostFile(string host) => Path.Combine(HostsDirectory, $"{host}.json");
    private string DelayLineFile(string host) => Path.Combine(HostsDirectory, $"{host}.delay-line.json");
    public string ControlSocket(string host) => Path.Combine(HostsDirectory, $"{host}.sock");

    public NetworkRecord? Network => Read<NetworkRecord>(NetworkFile);
    public void SaveNetwork(NetworkRecord record) => Write(NetworkFile, record);

    public IReadOnlyList<HostRecord> Hosts => Directory.Exists(HostsDirectory)
        ? Directory.EnumerateFiles(HostsDirectory, "*.json")
            .Where(f => !f.EndsWith(".delay-line.json", StringComparison.Ordinal))
            .Select(Read<HostRecord>).OfType<HostRecord>().OrderBy(h => h.Index).ToList()
        : [];

    public HostRecord? Host(string host) => Read<HostRecord>(HostFile(host));
    public void SaveHost(HostRecord record) => Write(HostFile(record.Host), record);
    public void ForgetHost(string host)
    {
        File.Delete(HostFile(host));
        File.Delete(DelayLineFile(host));
        File.Delete(ControlSocket(host));
    }

    public ProcessStamp? DelayLine(string host) => Read<ProcessStamp>(DelayLineFile(host));

    /// <summary>Every delay line on record, its host's record or not.</summary>
    public IReadOnlyList<ProcessStamp> DelayLines => Directory.Exists(HostsDirectory)
        ? Directory.EnumerateFiles(HostsDirectory, "*.delay-line.json").Select(Read<ProcessStamp>).OfType<ProcessStamp>().ToList()
        : [];
    public void SaveDelayLine(string host, ProcessStamp? process)
    {
        if (process is null) File.Delete(DelayLineFile(host));
        else Write(DelayLineFile(host), process);
    }

    /// <summary>Forgets the whole lab network. The lock goes too (its holder keeps its hold on the removed
    /// file): a process that was waiting for it then finds no network on record and says so.</summary>
    public void Clear()
    {
        if (Directory.Exists(names.RuntimeDirectory))
            Directory.Delete(names.RuntimeDirectory, recursive: true);
    }

    private static T? Read<T>(string path) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static void Write<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
