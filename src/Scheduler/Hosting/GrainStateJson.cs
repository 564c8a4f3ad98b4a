using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationAspire.Contracts;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;

namespace MigrationAspire.Scheduler.Hosting;

/// <summary>
/// Grain state is stored in Redis as plain System.Text.Json: readable by people and tools, and free of the
/// .NET type names the default Newtonsoft serializer writes — a collection the compiler synthesised (from a
/// <c>[a, b]</c> expression) would otherwise be written by type name and refused on the next read.
/// </summary>
public static class GrainStateJson
{
    public const string StorageName = "Default";

    public static IServiceCollection AddGrainStateAsJson(this IServiceCollection services)
    {
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
        {
            o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.JsonSerializerOptions.WriteIndented = false;
            // State stored before fields were renamed still loads.
            FormerNames.Apply(o.JsonSerializerOptions);
        });
        services.AddOptions<RedisStorageOptions>(StorageName).Configure<IServiceProvider>((options, provider) =>
            options.GrainStorageSerializer = Serializer(provider));
        return services;
    }

    /// <summary>The serializer of grain state: System.Text.Json, with state an earlier scheduler stored upgraded as it loads.</summary>
    public static IGrainStorageSerializer Serializer(IServiceProvider provider) =>
        new StoredStateUpgrade(ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(provider));
}
