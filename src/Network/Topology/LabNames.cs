using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationAspire.Network.Topology;

/// <summary>
/// Every name a lab's network uses, derived from a short lab id (6 hex digits of the SHA-256 of the lab
/// directory's full path), so two labs on one machine never share a namespace, interface or runtime file.
/// Interface names stay within Linux's 15 characters: <c>m{id}h{index}</c> (the host's end, inside the host's
/// namespace), <c>m{id}s{index}</c> (its peer in the switch), <c>m{id}t{index}</c> (the delay line's TAP),
/// <c>m{id}br</c> (the bridge).
/// </summary>
public sealed partial record LabNames(string LabId)
{
    public const string NamespacePrefix = "malab-";
    public const int MaxHostIndex = 999;

    /// <summary>Where every lab keeps its <see cref="RuntimeDirectory"/>: what a sweep of the machine walks.</summary>
    public const string RuntimeRoot = "/run/malab";

    public static LabNames For(string labDirectory)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(labDirectory));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(path));
        return new LabNames(Convert.ToHexStringLower(hash)[..6]);
    }

    /// <summary>Every namespace of this lab starts with it, and no other lab's does.</summary>
    public string Prefix => $"{NamespacePrefix}{LabId}-";
    public string SwitchNamespace => $"{Prefix}sw";
    public string HostNamespace(string host) => $"{Prefix}h-{host}";
    public string Bridge => $"m{LabId}br";
    public string HostVeth(int index) => $"m{LabId}h{index}";
    public string SwitchVeth(int index) => $"m{LabId}s{index}";
    public string Tap(int index) => $"m{LabId}t{index}";

    /// <summary>Lock, state file, owner records and delay-line control sockets: short paths (a Unix socket
    /// path has 108 bytes), on tmpfs like /run/netns, so they vanish with the namespaces at reboot.</summary>
    public string RuntimeDirectory => $"{RuntimeRoot}/{LabId}";

    /// <summary>True for a namespace name of this lab (switch or host), false for anything else.</summary>
    public bool Owns(string namespaceName) =>
        namespaceName == SwitchNamespace
        || (namespaceName.StartsWith($"{Prefix}h-", StringComparison.Ordinal) && HostName().IsMatch(namespaceName[(Prefix.Length + 2)..]));

    /// <exception cref="ArgumentException">The name is not a valid host name.</exception>
    public static string ValidHost(string host) => HostName().IsMatch(host)
        ? host
        : throw new ArgumentException($"Host name '{host}' is not valid: use 1-31 of a-z, 0-9 and '-', starting with a letter or digit.", nameof(host));

    /// <summary>True for a name <see cref="For"/> can give (6 lowercase hex digits): a runtime directory of a lab.</summary>
    public static bool IsLabId(string name) => LabIdPattern().IsMatch(name);

    [GeneratedRegex("^[0-9a-f]{6}$")]
    private static partial Regex LabIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex HostName();
}
