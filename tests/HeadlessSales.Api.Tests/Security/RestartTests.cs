using System.Net;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Security;

/// <summary>Token keys and data outlive the process: a token issued before a restart is still good after it.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task TokenIssuedBeforeARestart_IsAcceptedAfterIt()
    {
        var folder = Path.Combine(Path.GetTempPath(), "headlesssales-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string token;
            string signingKey;
            await using (var first = new RestartableApiFactory(folder))
            {
                token = first.IntegrationToken();
                signingKey = await File.ReadAllTextAsync(Path.Combine(folder, "keys", "signing.pem"));
            }

            await using var second = new RestartableApiFactory(folder);
            var client = second.CreateAnonymousClient();
            client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var response = await client.PostAsync("{ tenant { slug } accounts { totalCount } }");

            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Equal("demo", response.Data!["tenant"]!["slug"]!.GetValue<string>());
            Assert.Equal(400, response.Data!["accounts"]!["totalCount"]!.GetValue<int>());
            Assert.Equal(signingKey, await File.ReadAllTextAsync(Path.Combine(folder, "keys", "signing.pem")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class RestartableApiFactory(string folder) : ApiFactory(folder, ownsDataFolder: false);
}
