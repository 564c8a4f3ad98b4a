using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Contracts;

namespace MigrationAspire.Cli.Lab;

/// <summary>
/// The lab's own JSON settings (<see cref="SpecJson"/>), except that fields this build does not know are skipped:
/// a newer lab may say more than this command line reads.
/// </summary>
internal static class LabJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(SpecJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
        options.MakeReadOnly();
        return options;
    }
}
