using System.Text.Json.Serialization.Metadata;
using MigrationAspire.Contracts;

namespace MigrationAspire.Api.Experiments;

/// <summary>Looks up a spec field by its dotted path, to tell users what a value must be.</summary>
internal static class SpecFields
{
    /// <summary>E.g. "one of precopy, stopcopy, postcopy" for <c>migration.mode</c>.</summary>
    public static string Describe(string path) =>
        TryGetType(path, out var type) ? SpecPaths.Describe(type) : "a value of the field's type";

    private static bool TryGetType(string path, out Type type)
    {
        type = typeof(ExperimentSpec);
        foreach (var segment in path.Split('.'))
        {
            var info = SpecJson.Options.GetTypeInfo(type);
            if (info.Kind != JsonTypeInfoKind.Object
                || info.Properties.FirstOrDefault(p => p.Name == segment) is not { } property)
                return false;
            type = property.PropertyType;
        }
        return true;
    }
}
