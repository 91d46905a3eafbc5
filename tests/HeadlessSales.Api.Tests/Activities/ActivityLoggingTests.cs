using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Activities;

public sealed class ActivityLoggingTests(ActivitiesFixture api) : IClassFixture<ActivitiesFixture>
{
    [Fact]
    public async Task RepLogsAVisitOnTheirLead_TaggedConcernsAndNextStep_GetsADeterministicChineseSummary()
    {
        var rep = api.As("rep");
        var leadId = await api.CreateRepLeadAsync("常州光伏摘要");

        var payload = await api.LogAsync(rep, new
        {
            subjectId = leadId,
            kind = "VISIT",
            occurredAt = api.Now(TimeSpan.FromHours(-2)),
            durationMinutes = 90,
            outcome = "POSITIVE",
            notes = "见了采购和技术两位负责人",
            tagCodes = new[] { "price_concern", "COMPETITOR_COMPARISON", "PRICE_CONCERN" },
            concerns = new[] { "交期能否保证", "付款方式" },
            nextStep = "发送报价单",
            nextStepDueOn = "2026-12-01",
        });

        var activity = payload["activity"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        Assert.Equal(leadId, activity["subjectId"]!.GetValue<string>());
        Assert.Equal("Lead", activity["subject"]!["__typename"]!.GetValue<string>());
        Assert.Equal("rep@demo.example.com", activity["member"]!["email"]!.GetValue<string>());
        Assert.Equal(api.RepTeamId, activity["team"]!["id"]!.GetValue<string>());
        Assert.Equal(["PRICE_CONCERN", "COMPETITOR_COMPARISON"], activity["tagCodes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["价格疑虑", "竞品对比"], activity["tags"]!.AsArray().Select(t => t!["nameZh"]!.GetValue<string>()));
        // The follow-up's tags are also stored as rows (tag coverage counts those), with its time, member and team.
        await using (var db = api.Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            var key = GlobalId.TryDecode(activity["id"]!.GetValue<string>(), "Activity")!.Value;
            var stored = await db.Activities.IgnoreQueryFilters().SingleAsync(a => a.Id == key);
            var links = await db.ActivityTagLinks.IgnoreQueryFilters().Where(l => l.ActivityId == key).OrderBy(l => l.TagCode).ToListAsync();
            Assert.Equal(["COMPETITOR_COMPARISON", "PRICE_CONCERN"], links.Select(l => l.TagCode));
            Assert.All(links, l => Assert.Equal((stored.TenantId, stored.OccurredAt, stored.MemberId, stored.TeamId), (l.TenantId, l.OccurredAt, l.MemberId, l.TeamId)));
        }

        var memberName = (await rep.QueryAsync("{ viewer { member { name } } }"))["viewer"]!["member"]!["name"]!.GetValue<string>();
        Assert.Equal($"【拜访】{memberName} 跟进 常州光伏摘要1：价格疑虑、竞品对比。客户关注：交期能否保证；付款方式。结果：积极。下一步：发送报价单（2026-12-01 前）。",
            activity["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubjectTrail_IsNewestFirst_AndFiltersByKindTagMemberAndPeriod()
    {
        var rep = api.As("rep");
        var accountId = await api.RepAccountIdAsync(1);
        var start = api.Clock.GetUtcNow();
        await api.LogOkAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromDays(-3)), tagCodes = new[] { "FIRST_CONTACT" } });
        await api.LogOkAsync(rep, new { subjectId = accountId, kind = "EMAIL", occurredAt = api.Now(TimeSpan.FromDays(-2)), tagCodes = new[] { "NEEDS_DISCOVERY" } });
        // The team lead follows up too: the rep still sees it on their account's trail.
        await api.LogOkAsync(api.As("teamlead"), new { subjectId = accountId, kind = "MEETING", occurredAt = api.Now(TimeSpan.FromDays(-1)), tagCodes = new[] { "NEEDS_DISCOVERY", "BUDGET_CONFIRMED" } });
        const string Trail = """
            query($id: ID!, $where: ActivityFilter) {
              node(id: $id) { ... on Account { activities(first: 10, where: $where) { totalCount nodes { kind member { email } } } } }
              activities(subjectId: $id, first: 10, where: $where) { totalCount }
            }
            """;

        async Task<string[]> KindsAsync(object? where)
        {
            var data = await rep.QueryAsync(Trail, new { id = accountId, where });
            var trail = data["node"]!["activities"]!;
            Assert.Equal(trail["totalCount"]!.GetValue<int>(), data["activities"]!["totalCount"]!.GetValue<int>());
            return trail["nodes"]!.AsArray().Where(n => n!["member"] is not null).Select(n => n!["kind"]!.GetValue<string>()).ToArray();
        }

        var since = (start - TimeSpan.FromDays(4)).UtcDateTime.ToString("O");
        Assert.Equal(["MEETING", "EMAIL", "CALL"], await KindsAsync(new { occurredFrom = since }));
        Assert.Equal(["MEETING", "EMAIL"], await KindsAsync(new { occurredFrom = since, tagCodes = new[] { "needs_discovery" } }));
        Assert.Equal(["CALL"], await KindsAsync(new { occurredFrom = since, kinds = new[] { "CALL", "VISIT" } }));
        Assert.Equal(["EMAIL", "CALL"], await KindsAsync(new { occurredFrom = since, memberIds = new[] { api.RepId } }));
        Assert.Equal(["CALL"], await KindsAsync(new { occurredFrom = since, occurredBefore = (start - TimeSpan.FromDays(2.5)).UtcDateTime.ToString("O") }));
    }

    [Fact]
    public async Task UntaggedFutureUnknownAndRetiredTags_AreRefusedWithTypedErrors_AndNothingIsStored()
    {
        var rep = api.As("rep");
        var accountId = await api.RepAccountIdAsync(2);
        var created = await api.Integration.QueryAsync("mutation { createActivityTag(input: { code: \"OLD_HABIT\", nameZh: \"旧习惯\", nameEn: \"old habit\" }) { tag { id } errors { __typename } } }");
        var oldTag = created["createActivityTag"]!["tag"]!["id"]!.GetValue<string>();
        await api.Integration.QueryAsync("mutation($id: ID!) { retireActivityTag(input: { id: $id }) { errors { __typename } } }", new { id = oldTag });

        const string Count = "query($id: ID!) { activities(subjectId: $id) { totalCount } }";
        var before = (await rep.QueryAsync(Count, new { id = accountId }))["activities"]!["totalCount"]!.GetValue<int>();

        var untagged = await api.LogAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = Array.Empty<string>() });
        var blank = await api.LogAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { " " } });
        var future = await api.LogAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(TimeSpan.FromHours(1)), tagCodes = new[] { "FIRST_CONTACT" } });
        var unknown = await api.LogAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT", "NO_SUCH_TAG", "OLD_HABIT" } });
        var dueWithoutStep = await api.LogAsync(rep, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" }, nextStepDueOn = "2026-12-24" });

        Assert.Equal("UntaggedFollowUpError:input.tagCodes", Error(untagged));
        Assert.Equal("UntaggedFollowUpError:input.tagCodes", Error(blank));
        Assert.Equal("ValidationError:input.occurredAt", Error(future));
        Assert.Contains("future", future["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(["NO_SUCH_TAG", "OLD_HABIT"], unknown["errors"]!.AsArray().Select(e => e!["value"]!.GetValue<string>()));
        Assert.Equal("ValidationError:input.nextStepDueOn", Error(dueWithoutStep));
        Assert.All(new[] { untagged, blank, future, unknown, dueWithoutStep }, p => Assert.Null(p["activity"]));
        var after = (await rep.QueryAsync(Count, new { id = accountId }))["activities"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task SubjectOfAnotherRep_OrOfAnotherTenant_ReadsExactlyLikeOneThatNeverExisted()
    {
        var rep = api.As("rep");
        var othersAccount = await api.OtherRepsAccountIdAsync();
        var neverExisted = Convert.ToBase64String("Account:999999"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        async Task<string> RefusalAsync(GraphQLTestClient client, string subjectId)
        {
            var payload = await api.LogAsync(client, new { subjectId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" }, memberId = api.RepId });
            Assert.Null(payload["activity"]);
            var error = payload["errors"]!.AsArray().Single()!.AsObject();
            return error.ToJsonString().Replace(subjectId, "<id>");
        }

        var hidden = await RefusalAsync(rep, othersAccount);
        var foreign = await RefusalAsync(api.Integration, api.RivalAccountId);
        var missing = await RefusalAsync(rep, neverExisted);
        var notASubject = await RefusalAsync(rep, api.RepId);

        Assert.Contains("NOT_FOUND", missing);
        Assert.Equal(missing, hidden);
        Assert.Equal(missing, foreign);
        Assert.Equal(missing, notASubject);
        // The rival's own trail is untouched, and the demo tenant cannot list it either.
        var rivalTrail = await api.Rival.QueryAsync("query($id: ID!) { activities(subjectId: $id) { totalCount } }", new { id = api.RivalAccountId });
        var peek = await api.Integration.QueryAsync("query($id: ID!) { activities(subjectId: $id) { totalCount } }", new { id = api.RivalAccountId });
        Assert.Equal(0, peek["activities"]!["totalCount"]!.GetValue<int>());
        Assert.True(rivalTrail["activities"]!["totalCount"]!.GetValue<int>() >= 0);
    }

    [Fact]
    public async Task Integration_MustNameAVisibleActiveMember_AndARepCannotLogForAnother()
    {
        var accountId = await api.RepAccountIdAsync(3);
        var someoneElse = (await api.Integration.QueryAsync("{ members(first: 5, where: { roles: [REP] }) { nodes { id } } }"))["members"]!["nodes"]!.AsArray()
            .Select(n => n!["id"]!.GetValue<string>()).First(id => id != api.RepId);

        var anonymous = await api.LogAsync(api.Integration, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" } });
        var named = await api.LogAsync(api.Integration, new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" }, memberId = api.RepId });
        var forAnother = await api.LogAsync(api.As("rep"), new { subjectId = accountId, kind = "CALL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" }, memberId = someoneElse });

        Assert.Equal("ValidationError:input.memberId", Error(anonymous));
        Assert.Empty(named["errors"]!.AsArray());
        Assert.Equal("rep@demo.example.com", named["activity"]!["member"]!["email"]!.GetValue<string>());
        Assert.Equal("NotFoundError:input.memberId", Error(forAnother));
    }

    [Fact]
    public async Task AnotherRepsFollowUp_IsNotReachableByNodeId()
    {
        var othersAccount = await api.OtherRepsAccountIdAsync();
        var logged = await api.LogOkAsync(api.Integration, new { subjectId = othersAccount, kind = "EMAIL", occurredAt = api.Now(), tagCodes = new[] { "FIRST_CONTACT" },
            memberId = (await api.Integration.QueryAsync("query($id: ID!) { node(id: $id) { ... on Account { owner { id } } } }", new { id = othersAccount }))["node"]!["owner"]!["id"]!.GetValue<string>() });
        var id = logged["id"]!.GetValue<string>();

        var asRep = await api.As("rep").QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id });
        var asOps = await api.As("salesops").QueryAsync("query($id: ID!) { node(id: $id) { ... on Activity { summary } } }", new { id });

        Assert.Null(asRep["node"]);
        Assert.NotNull(asOps["node"]!["summary"]);
    }

    [Fact]
    public async Task TagCatalog_IsSeededBilingual_AndAdminsAddRenameAndRetire_ButRepsMayNot()
    {
        var catalog = await api.As("rep").QueryAsync("{ activityTags(first: 100) { nodes { code nameZh nameEn } } }");
        var tags = catalog["activityTags"]!["nodes"]!.AsArray().ToDictionary(t => t!["code"]!.GetValue<string>(), t => $"{t!["nameZh"]} {t["nameEn"]}");
        Assert.Equal("价格疑虑 price concern", tags["PRICE_CONCERN"]);
        Assert.Equal("竞品对比 competitor comparison", tags["COMPETITOR_COMPARISON"]);
        Assert.Equal("决策链确认 decision chain confirmed", tags["DECISION_CHAIN_CONFIRMED"]);
        Assert.Contains("需求挖掘 needs discovery", tags.Values);
        Assert.Contains("方案演示 solution demo", tags.Values);
        Assert.Contains("商务谈判 commercial negotiation", tags.Values);

        var admin = api.As("admin");
        var created = await admin.QueryAsync("mutation { createActivityTag(input: { code: \"delivery_concern\", nameZh: \"交期疑虑\", nameEn: \"delivery concern\" }) { tag { id code } errors { __typename } } }");
        var id = created["createActivityTag"]!["tag"]!["id"]!.GetValue<string>();
        var again = await admin.QueryAsync("mutation { createActivityTag(input: { code: \"DELIVERY_CONCERN\", nameZh: \"重复\", nameEn: \"dup\" }) { errors { __typename } } }");
        var renamed = await admin.QueryAsync("mutation($id: ID!) { renameActivityTag(input: { id: $id, nameEn: \"lead-time concern\" }) { tag { code nameZh nameEn } } }", new { id });
        var retired = await admin.QueryAsync("mutation($id: ID!) { retireActivityTag(input: { id: $id }) { tag { retired } } }", new { id });
        var stepTag = tags.Keys.Contains("FIRST_CONTACT") ? (await admin.QueryAsync("{ activityTags(first: 100) { nodes { id code } } }"))["activityTags"]!["nodes"]!.AsArray()
            .First(t => t!["code"]!.GetValue<string>() == "FIRST_CONTACT")!["id"]!.GetValue<string>() : null;
        var retireStepTag = await admin.QueryAsync("mutation($id: ID!) { retireActivityTag(input: { id: $id }) { errors { __typename ... on UserError { message } } } }", new { id = stepTag });
        var byRep = await api.As("rep").PostAsync("mutation { createActivityTag(input: { code: \"REP_TAG\", nameZh: \"销售\", nameEn: \"rep\" }) { errors { __typename } } }");

        Assert.Equal("DELIVERY_CONCERN", created["createActivityTag"]!["tag"]!["code"]!.GetValue<string>());
        Assert.Equal("DuplicateError", again["createActivityTag"]!["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Equal("DELIVERY_CONCERN 交期疑虑 lead-time concern", string.Join(' ', renamed["renameActivityTag"]!["tag"]!.AsObject().Select(p => p.Value!.GetValue<string>())));
        Assert.True(retired["retireActivityTag"]!["tag"]!["retired"]!.GetValue<bool>());
        Assert.Contains("FIRST_CONTACT", retireStepTag["retireActivityTag"]!["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", byRep.FirstErrorCode);
    }

    [Fact]
    public async Task DefaultSequence_IsTheFiveSteps()
    {
        var settings = await api.As("rep").PostAsync("{ followUpSettings { summaryLanguage steps { code nameZh nameEn allowedDays tags { code nameZh } } } }");

        settings.MatchResponseSnapshot();
    }

    private static string Error(JsonNode payload)
    {
        var error = payload["errors"]![0]!;
        return $"{error["__typename"]}:{error["field"]}";
    }
}
