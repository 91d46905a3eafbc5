using HeadlessSales.Api.Infrastructure.Events;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Activities;

public sealed class ManagerBoardTests(ActivitiesFixture api) : IClassFixture<ActivitiesFixture>
{
    private const string Board = """
        query($team: ID!) { managerBoard(teamId: $team) { team { id } recentFollowUps(first: 5) { totalCount nodes { occurredAt summary member { team { id } } } } } }
        """;

    [Fact]
    public async Task Board_IsForTheTeamLead_TheRegionManager_AndOps_NotForOtherTeamsLeads_NorReps()
    {
        var own = await api.As("teamlead").QueryAsync(Board, new { team = api.RepTeamId });
        var otherTeam = await api.As("teamlead").QueryAsync(Board, new { team = api.FarTeamId });
        var region = await api.As("regionmanager").QueryAsync(Board, new { team = api.RepTeamId });
        var otherRegion = await api.As("regionmanager").QueryAsync(Board, new { team = api.FarTeamId });
        var ops = await api.As("salesops").QueryAsync(Board, new { team = api.FarTeamId });
        var rival = await api.Rival.QueryAsync(Board, new { team = api.RepTeamId });
        var rep = await api.As("rep").PostAsync(Board, new { team = api.RepTeamId });

        Assert.Equal(api.RepTeamId, own["managerBoard"]!["team"]!["id"]!.GetValue<string>());
        Assert.Null(otherTeam["managerBoard"]);
        Assert.NotNull(region["managerBoard"]);
        Assert.Null(otherRegion["managerBoard"]);
        Assert.Equal(api.FarTeamId, ops["managerBoard"]!["team"]!["id"]!.GetValue<string>());
        Assert.Null(rival["managerBoard"]);
        Assert.Equal("FORBIDDEN", rep.FirstErrorCode);
    }

    [Fact]
    public async Task Board_ShowsTheTeamsFollowUps_NewestFirst_IncludingTheDemoSeed()
    {
        var accountId = await api.RepAccountIdAsync();
        await api.LogOkAsync(api.As("rep"), new { subjectId = accountId, kind = "VIDEO_DEMO", occurredAt = api.Now(), tagCodes = new[] { "SOLUTION_DEMO" }, nextStep = "约见采购总监" });

        var board = (await api.As("teamlead").QueryAsync(Board, new { team = api.RepTeamId }))["managerBoard"]!["recentFollowUps"]!;

        var nodes = board["nodes"]!.AsArray();
        Assert.True(board["totalCount"]!.GetValue<int>() > nodes.Count, "the demo seed gives every team a history");
        Assert.StartsWith("【视频演示】", nodes[0]!["summary"]!.GetValue<string>());
        Assert.All(nodes, n => Assert.Equal(api.RepTeamId, n!["member"]!["team"]!["id"]!.GetValue<string>()));
        var times = nodes.Select(n => DateTime.Parse(n!["occurredAt"]!.GetValue<string>())).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task OnFollowUpLogged_StreamsTheTeamsFollowUpsLive_ToTheTeamLead_Only()
    {
        var bus = api.Services.GetRequiredService<IEventBus>();
        var before = bus.SubscriberCount;
        await using var lead = await WebSocketTestClient.ConnectAndInitAsync(api, api.Token("teamlead"));
        await using var outsider = await WebSocketTestClient.ConnectAndInitAsync(api, api.Token("teamlead"));
        await lead.SubscribeAsync("board", "subscription($t: ID!) { onFollowUpLogged(teamId: $t) { activityId activity { summary member { email } } } }", new { t = api.RepTeamId });
        await outsider.SubscribeAsync("far", "subscription($t: ID!) { onFollowUpLogged(teamId: $t) { activityId } }", new { t = api.FarTeamId });
        var refused = await outsider.ReceiveAsync();
        await api.WaitForSubscribersAsync(before, 1);

        var accountId = await api.RepAccountIdAsync();
        var logged = await api.LogOkAsync(api.As("rep"), new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "PRICE_CONCERN" }, concerns = new[] { "价格高于预算" } });
        var live = await lead.ReceiveAsync();

        var data = live!["payload"]!["data"]!["onFollowUpLogged"]!;
        Assert.Equal(logged["id"]!.GetValue<string>(), data["activityId"]!.GetValue<string>());
        Assert.Equal(logged["summary"]!.GetValue<string>(), data["activity"]!["summary"]!.GetValue<string>());
        Assert.Contains("客户关注：价格高于预算", data["activity"]!["summary"]!.GetValue<string>());
        // An execution error, not a document error: it comes as the stream's only result, with no data.
        Assert.Equal("next", refused!["type"]!.GetValue<string>());
        Assert.Null(refused["payload"]!["data"]);
        Assert.Equal("NOT_FOUND", refused["payload"]!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
