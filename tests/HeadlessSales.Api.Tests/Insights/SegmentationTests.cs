using System.Text.Json.Nodes;
using HeadlessSales.Api.GraphQL.Relay;

namespace HeadlessSales.Api.Tests.Insights;

[Collection(AnalysesCollection.Name)]
public sealed class SegmentationTests(AnalysesFixture api)
{
    private const string Detect = """
        query($ids: [ID!]!) {
          segmentDetections(accountIds: $ids) {
            account { id subSegment } status currentSubSegment
            detected { subSegment industry points } suggestion { subSegment }
            scores { subSegment points }
            evidence { source recordId subSegment keyword points excerpt }
          }
        }
        """;

    private static string Id(string type, long key) => GlobalId.Encode(type, key);

    private static (string Source, string Record, string SubSegment, string Keyword, int Points) Evidence(JsonNode? e) =>
        (e!["source"]!.GetValue<string>(), e["recordId"]!.GetValue<string>(), e["subSegment"]!.GetValue<string>(), e["keyword"]!.GetValue<string>(), e["points"]!.GetValue<int>());

    [Fact]
    public async Task MissingSubSegment_IsSuggestedFromProductsFilesAndFollowUps_WithTheEvidence()
    {
        var data = await api.CreateGraphQLClient().QueryAsync(Detect, new { ids = new[] { Id("Account", api.SolarAccount) } });
        var detection = data["segmentDetections"]![0]!;

        Assert.Equal("MISSING", detection["status"]!.GetValue<string>());
        Assert.Null(detection["currentSubSegment"]);
        Assert.Equal(("光伏", "NEW_ENERGY", 11), (detection["detected"]!["subSegment"]!.GetValue<string>(), detection["detected"]!["industry"]!.GetValue<string>(), detection["detected"]!["points"]!.GetValue<int>()));
        Assert.Equal("光伏", detection["suggestion"]!["subSegment"]!.GetValue<string>());
        Assert.Equal([("光伏", 11), ("风电", 8)], detection["scores"]!.AsArray().Select(s => (s!["subSegment"]!.GetValue<string>(), s["points"]!.GetValue<int>())));
        // Heaviest first; ties by source (product, file, follow-up), then record, then keyword.
        Assert.Equal(
            [
                ("DOCUMENT_NAME", Id("Document", api.ProposalOfSolar), "风电", "风电", 6),
                ("PRODUCT_INTEREST", Id("Lead", api.LeadOfSolar), "光伏", "逆变器", 4),
                ("FOLLOW_UP", Id("Activity", api.FollowUpSolarNotes), "光伏", "光伏", 3),
                ("DOCUMENT_NAME", Id("Document", api.ProposalOfSolar), "风电", "海上", 2),
                ("FOLLOW_UP", Id("Activity", api.FollowUpSolarPrice), "光伏", "逆变器", 2),
                ("FOLLOW_UP", Id("Activity", api.FollowUpSolarNotes), "光伏", "电站", 1),
                ("FOLLOW_UP", Id("Activity", api.FollowUpSolarNotes), "光伏", "组件", 1),
            ],
            detection["evidence"]!.AsArray().Select(Evidence));
        Assert.Contains("光伏电站", detection["evidence"]![2]!["excerpt"]!.GetValue<string>());
    }

    [Fact]
    public async Task ContradictingAndConfirmedSubSegments_AreToldApart()
    {
        var data = await api.CreateGraphQLClient().QueryAsync(Detect, new { ids = new[] { Id("Account", api.ConfirmedAccount), Id("Account", 9_999_999), Id("Lead", api.LeadOfSolar) } });

        // The missing account and the id of another type are left out, as for an account the caller cannot see.
        var only = Assert.Single(data["segmentDetections"]!.AsArray());
        Assert.Equal(("CONFIRMED", "光伏", 12), (only!["status"]!.GetValue<string>(), only["currentSubSegment"]!.GetValue<string>(), only["detected"]!["points"]!.GetValue<int>()));
        Assert.Null(only["suggestion"]);
    }

    [Fact]
    public async Task AcceptingAContradiction_SetsTheSubSegment_AndPushesTheSegmentsCasesToTheOwner()
    {
        var client = api.CreateGraphQLClient();
        var before = await client.QueryAsync(Detect, new { ids = new[] { Id("Account", api.WindAccount) } });
        Assert.Equal(("CONTRADICTS", "光伏", "风电", 15),
            (before["segmentDetections"]![0]!["status"]!.GetValue<string>(), before["segmentDetections"]![0]!["currentSubSegment"]!.GetValue<string>(),
                before["segmentDetections"]![0]!["suggestion"]!["subSegment"]!.GetValue<string>(), before["segmentDetections"]![0]!["detected"]!["points"]!.GetValue<int>()));

        const string accept = """
            mutation($id: ID!) {
              acceptSegmentSuggestion(input: { accountId: $id }) {
                playbook { subSegment account { id subSegment industry } owner { id } cases { id title } talkTracks }
                errors { __typename ... on UserError { code } }
              }
            }
            """;
        var accepted = (await client.QueryAsync(accept, new { id = Id("Account", api.WindAccount) }))["acceptSegmentSuggestion"]!;
        Assert.Empty(accepted["errors"]!.AsArray());
        var playbook = accepted["playbook"]!;
        Assert.Equal(("风电", "风电", "NEW_ENERGY", Id("Member", api.P3)),
            (playbook["subSegment"]!.GetValue<string>(), playbook["account"]!["subSegment"]!.GetValue<string>(), playbook["account"]!["industry"]!.GetValue<string>(), playbook["owner"]!["id"]!.GetValue<string>()));
        Assert.Equal([Id("WonCase", api.WindCase)], playbook["cases"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(["先谈塔筒防腐寿命", "用同类风场的运维数据说话"], playbook["talkTracks"]!.AsArray().Select(t => t!.GetValue<string>()));

        // Now confirmed: a second accept has nothing to accept.
        var again = (await client.QueryAsync(accept, new { id = Id("Account", api.WindAccount) }))["acceptSegmentSuggestion"]!;
        Assert.Equal("INVALID_STATE", again["errors"]![0]!["code"]!.GetValue<string>());

        // The owner's region manager finds it among the playbooks; the demo rep (another team) neither the playbook nor the account.
        const string playbooks = "{ segmentPlaybooks(first: 100) { subSegment account { id } owner { id } } }";
        var manager = await (await api.MemberAsync("regionmanager")).QueryAsync(playbooks);
        Assert.Contains(manager["segmentPlaybooks"]!.AsArray(), p => p!["account"]?["id"]?.GetValue<string>() == Id("Account", api.WindAccount));
        var rep = await api.MemberAsync("rep");
        Assert.DoesNotContain((await rep.QueryAsync(playbooks))["segmentPlaybooks"]!.AsArray(), p => p!["owner"]?["id"]?.GetValue<string>() == Id("Member", api.P3));
        Assert.Empty((await rep.QueryAsync(Detect, new { ids = new[] { Id("Account", api.WindAccount) } }))["segmentDetections"]!.AsArray());
        var hidden = (await rep.QueryAsync(accept, new { id = Id("Account", api.WindAccount) }))["acceptSegmentSuggestion"]!;
        var missing = (await rep.QueryAsync(accept, new { id = Id("Account", 9_999_999) }))["acceptSegmentSuggestion"]!;
        Assert.Equal(missing.ToJsonString().Replace(Id("Account", 9_999_999), "<id>"), hidden.ToJsonString().Replace(Id("Account", api.WindAccount), "<id>"));
    }

    [Fact]
    public async Task Lexicon_IsTheTenants_ChangedBySalesOps_NotByReps()
    {
        const string update = """
            mutation($input: UpdateSegmentLexiconInput!) {
              updateSegmentLexicon(input: $input) {
                lexicon { isDefault entries { subSegment industry keywords { keyword weight } } }
                errors { __typename ... on UserError { code } ... on ValidationError { field } }
              }
            }
            """;
        var input = new { input = new { subSegment = "氢能", industry = "NEW_ENERGY", keywords = new object[] { new { keyword = "氢能", weight = 3 }, new { keyword = "电解槽" } } } };
        var refused = await (await api.MemberAsync("rep", "sales:read sales:write org:admin")).PostAsync(update, input);
        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);

        var salesOps = await api.MemberAsync("salesops", "sales:read sales:write org:admin");
        var invalid = (await salesOps.QueryAsync(update, new { input = new { subSegment = "氢能", industry = "NEW_ENERGY", keywords = new object[] { new { keyword = "氢", weight = 9 } } } }))["updateSegmentLexicon"]!;
        Assert.Equal("input.keywords[0].weight", invalid["errors"]![0]!["field"]!.GetValue<string>());

        var lexicon = (await salesOps.QueryAsync(update, input))["updateSegmentLexicon"]!["lexicon"]!;
        Assert.False(lexicon["isDefault"]!.GetValue<bool>());
        var entries = lexicon["entries"]!.AsArray();
        // The seven default sub-segments, copied on the first change, and the new one.
        Assert.Equal(8, entries.Count);
        var hydrogen = entries.Single(e => e!["subSegment"]!.GetValue<string>() == "氢能")!;
        Assert.Equal([("氢能", 3), ("电解槽", 1)], hydrogen["keywords"]!.AsArray().Select(k => (k!["keyword"]!.GetValue<string>(), k["weight"]!.GetValue<int>())));
        var read = await api.CreateGraphQLClient().QueryAsync("{ segmentLexicon { isDefault entries { subSegment } } }");
        Assert.Equal(8, read["segmentLexicon"]!["entries"]!.AsArray().Count);
    }
}
