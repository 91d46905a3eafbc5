using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace HeadlessSales.Api.Tests.Infrastructure;

public static class SnapshotExtensions
{
    /// <summary>Snapshots a GraphQL response as JSON, with run-dependent timestamps scrubbed.</summary>
    public static void MatchResponseSnapshot(this GraphQLResponse response, string? name = null)
    {
        var json = JToken.Parse(GraphQLTestClient.Scrub(response.Body));
        if (name is null)
        {
            json.MatchSnapshot();
        }
        else
        {
            json.MatchSnapshot(SnapshotNameExtension.Create(name));
        }
    }
}
