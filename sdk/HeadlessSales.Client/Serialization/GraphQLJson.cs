using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client.Serialization;

/// <summary>The JSON settings every transport starts from; generated clients add their scalar converters.</summary>
public static class GraphQLJson
{
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.Web)
    {
        // Generated types carry explicit names; a naming policy would only rename variables dictionaries' values.
        PropertyNamingPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
