using HeadlessSales.Api.Infrastructure.Csv;
using HeadlessSales.Api.Infrastructure.Scheduling;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Insights;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights;

public sealed class AttributionReportTests(InsightsFixture api) : IClassFixture<InsightsFixture>
{
    private const string Generate = """
        mutation($input: GenerateAttributionReportInput!) {
          generateAttributionReport(input: $input) {
            attributionReport {
              id periodFrom periodTo scopeKind team { id } basis topShare bottomShare minimumLeads status trigger weeks
              scopeRepCount rankedRepCount topConversionRate bottomConversionRate scopeConversionRate
              topReps { id } bottomReps { id } requestedBy { id } downloadPath
              findings { rank dimension code nameZh nameEn topRate bottomRate scopeRate difference textZh textEn }
            }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on NotFoundError { field } }
          }
        }
        """;

    private object TeamInput(object? settings = null, string? from = null, string? to = null) => new
    {
        input = new
        {
            period = new { from = from ?? "2020-03-02T00:00:00Z", to = to ?? "2020-03-30T00:00:00Z" },
            scope = new { teamId = api.TeamGlobalId },
            settings = settings ?? new { basis = "LEAD_CONVERTED", topShare = 0.5, bottomShare = 0.5, minimumLeads = 2 },
        },
    };

    private static string Member(long id) => GlobalId.Encode("Member", id);

    private async Task<JsonNode> GenerateTeamReportAsync(GraphQLTestClient client)
    {
        var data = await client.QueryAsync(Generate, TeamInput());
        var payload = data["generateAttributionReport"]!;
        Assert.Empty(payload["errors"]!.AsArray());
        return payload["attributionReport"]!;
    }

    [Fact]
    public async Task HandBuiltTeam_SplitsByConversion_AndRanksTheComputedDifferences()
    {
        var report = await GenerateTeamReportAsync(api.CreateGraphQLClient());

        Assert.Equal(("COMPLETED", "ON_DEMAND", "TEAM", 4.0), (report["status"]!.GetValue<string>(), report["trigger"]!.GetValue<string>(), report["scopeKind"]!.GetValue<string>(), report["weeks"]!.GetValue<double>()));
        // Five active reps (A–D and E); E's single lead is below the minimum of 2, so four are ranked.
        Assert.Equal((5, 4), (report["scopeRepCount"]!.GetValue<int>(), report["rankedRepCount"]!.GetValue<int>()));
        // A 3/4 = 0.75 and B 3/5 = 0.6 on top (B's fourth conversion came on 2 April, after the period); C 1/4, D 0/3 at the bottom.
        Assert.Equal([Member(api.A), Member(api.B)], report["topReps"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal([Member(api.C), Member(api.D)], report["bottomReps"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(6.0 / 9, report["topConversionRate"]!.GetValue<double>(), 9);
        Assert.Equal(1.0 / 7, report["bottomConversionRate"]!.GetValue<double>(), 9);
        Assert.Equal(8.0 / 17, report["scopeConversionRate"]!.GetValue<double>(), 9);

        // Rates per rep per week: group count ÷ (2 reps × 4 weeks) = ÷ 8; team ÷ (5 reps × 4 weeks) = ÷ 20.
        // PRICE_CONCERN   top (4+0)/8 = 0.5     bottom (20+4)/8 = 3.0   team 28/20 = 1.4   diff −2.5
        // SOLUTION_DEMO   top (10+9)/8 = 2.375  bottom (1+1)/8 = 0.25   team 22/20 = 1.1   diff 2.125
        // VIDEO_DEMO      top (10+9)/8 = 2.375  bottom (2+1)/8 = 0.375  team 24/20 = 1.2   diff 2.0
        // COMPETITOR_COMP top (10+6)/8 = 2.0    bottom (1+0)/8 = 0.125  team 18/20 = 0.9   diff 1.875
        // FIRST_CONTACT   top (8+12)/8 = 2.5    bottom (0+8)/8 = 1.0    team 32/20 = 1.6   diff 1.5
        // CALL            top (12+12)/8 = 3.0   bottom (20+12)/8 = 4.0  team 60/20 = 3.0   diff −1.0
        // VISIT           top (2+2)/8 = 0.5     bottom 0                team 4/20 = 0.2    diff 0.5 (a kind ranks before a tag on a tie)
        // SITE_SURVEY     top (2+2)/8 = 0.5     bottom 0                team 4/20 = 0.2    diff 0.5
        (string Code, string Dimension, double Top, double Bottom, double Team, double Difference)[] expected =
        [
            ("PRICE_CONCERN", "TAG", 0.5, 3.0, 1.4, -2.5),
            ("SOLUTION_DEMO", "TAG", 2.375, 0.25, 1.1, 2.125),
            ("VIDEO_DEMO", "ACTIVITY_KIND", 2.375, 0.375, 1.2, 2.0),
            ("COMPETITOR_COMPARISON", "TAG", 2.0, 0.125, 0.9, 1.875),
            ("FIRST_CONTACT", "TAG", 2.5, 1.0, 1.6, 1.5),
            ("CALL", "ACTIVITY_KIND", 3.0, 4.0, 3.0, -1.0),
            ("VISIT", "ACTIVITY_KIND", 0.5, 0.0, 0.2, 0.5),
            ("SITE_SURVEY", "TAG", 0.5, 0.0, 0.2, 0.5),
        ];
        var findings = report["findings"]!.AsArray();
        Assert.Equal(expected.Length, findings.Count);
        foreach (var (index, e) in expected.Index())
        {
            var f = findings[index]!;
            Assert.Equal((index + 1, e.Code, e.Dimension), (f["rank"]!.GetValue<int>(), f["code"]!.GetValue<string>(), f["dimension"]!.GetValue<string>()));
            Assert.Equal(e.Top, f["topRate"]!.GetValue<double>(), 9);
            Assert.Equal(e.Bottom, f["bottomRate"]!.GetValue<double>(), 9);
            Assert.Equal(e.Team, f["scopeRate"]!.GetValue<double>(), 9);
            Assert.Equal(e.Difference, f["difference"]!.GetValue<double>(), 9);
        }

        // The phrases carry the computed figures, rounded to one decimal (2.375 → 2.4, 0.375 → 0.4).
        var videoDemo = findings[2]!;
        Assert.Equal("Top reps run 2.4 video demos a week, bottom reps 0.4; the team average is 1.2.", videoDemo["textEn"]!.GetValue<string>());
        Assert.Equal("高转化组每人每周视频演示 2.4 次，低转化组 0.4 次，团队平均 1.2 次。", videoDemo["textZh"]!.GetValue<string>());
        var priceConcern = findings[0]!;
        Assert.Equal(("价格疑虑", "price concern"), (priceConcern["nameZh"]!.GetValue<string>(), priceConcern["nameEn"]!.GetValue<string>()));
        Assert.Equal("Top reps run 0.5 follow-ups tagged “price concern” a week, bottom reps 3.0; the team average is 1.4.", priceConcern["textEn"]!.GetValue<string>());
        Assert.Equal("高转化组每人每周有 0.5 次跟进标记为“价格疑虑”，低转化组 3.0 次，团队平均 1.4 次。", priceConcern["textZh"]!.GetValue<string>());
    }

    [Fact]
    public async Task DefaultSettings_RankFromFiveLeads_SoTheTeamHasTooFewRankedReps()
    {
        // Defaults: 20 % / 20 %, 5 leads. Only B has 5 leads: one ranked rep makes no groups.
        var data = await api.CreateGraphQLClient().QueryAsync(Generate, new
        {
            input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = api.TeamGlobalId } },
        });
        var report = data["generateAttributionReport"]!["attributionReport"]!;
        Assert.Equal(("INSUFFICIENT_DATA", 1, 0.2, 5), (report["status"]!.GetValue<string>(), report["rankedRepCount"]!.GetValue<int>(),
            report["topShare"]!.GetValue<double>(), report["minimumLeads"]!.GetValue<int>()));
        Assert.Empty(report["findings"]!.AsArray());
        Assert.Empty(report["topReps"]!.AsArray());
    }

    [Fact]
    public async Task WonBasis_CountsOnlyLeadsWhoseOpportunityReachedTheLastStage()
    {
        // No converted lead of the data set has an opportunity, so nobody has a win: every ranked rate is 0, ties broken by
        // leads (B 5, then A and C 4 by id, D 3). Top: B, A; bottom: C, D.
        var data = await api.CreateGraphQLClient().QueryAsync(Generate, TeamInput(new { basis = "OPPORTUNITY_WON", topShare = 0.5, bottomShare = 0.5, minimumLeads = 2 }));
        var report = data["generateAttributionReport"]!["attributionReport"]!;
        Assert.Equal(("OPPORTUNITY_WON", 0.0), (report["basis"]!.GetValue<string>(), report["scopeConversionRate"]!.GetValue<double>()));
        Assert.Equal([Member(api.B), Member(api.A)], report["topReps"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Csv_IsUtf8WithBom_EscapedAndNamed()
    {
        var report = await GenerateTeamReportAsync(api.CreateGraphQLClient());
        using var response = await api.CreateGraphQLClient().Http.GetAsync(report["downloadPath"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attribution-report-team-2020-03-02-2020-03-30.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("rank,dimension,code,name_zh,name_en,top_per_rep_week,bottom_per_rep_week,scope_per_rep_week,difference,finding_zh,finding_en", lines[0]);
        // The English finding holds commas and is quoted; the Chinese one (full-width commas) is not.
        Assert.Equal("3,ACTIVITY_KIND,VIDEO_DEMO,视频演示,video demos,2.375,0.375,1.2,2,高转化组每人每周视频演示 2.4 次，低转化组 0.4 次，团队平均 1.2 次。,"
            + "\"Top reps run 2.4 video demos a week, bottom reps 0.4; the team average is 1.2.\"", lines[3]);
        Assert.StartsWith("1,TAG,PRICE_CONCERN,价格疑虑,price concern,0.5,3,1.4,-2.5,", lines[1]);
        Assert.Equal(10, lines.Length); // header, 8 findings, and the empty string after the last CRLF
        Assert.Equal(string.Empty, lines[^1]);
    }

    [Fact]
    public void CsvEscaping_QuotesDelimitersDoublesQuotes_AndDefusesFormulas()
    {
        Assert.Equal("plain", CsvText.Escape("plain"));
        Assert.Equal("\"a,b\"", CsvText.Escape("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvText.Escape("say \"hi\""));
        Assert.Equal("\"two\r\nlines\"", CsvText.Escape("two\r\nlines"));
        Assert.Equal("\"line\nfeed\"", CsvText.Escape("line\nfeed"));
        Assert.Equal("'=HYPERLINK(\"x\")", CsvText.Text("=HYPERLINK(\"x\")"));
        Assert.Equal("'+1", CsvText.Text("+1"));
        Assert.Equal("'@cmd", CsvText.Text("@cmd"));
        Assert.Equal("价格疑虑", CsvText.Text("价格疑虑"));

        var csv = AttributionReportCsv.Write([new AttributionFinding
        {
            Rank = 1, Dimension = AttributionDimension.Tag, Code = "ODD_TAG", NameZh = "=1+1", NameEn = "a \"quoted\", tag",
            TopRate = 1.0 / 3, BottomRate = 0, ScopeRate = 0.1, Difference = 1.0 / 3, TextZh = "中", TextEn = "line\nbreak",
        }]);
        Assert.Equal("1,TAG,ODD_TAG,'=1+1,\"a \"\"quoted\"\", tag\",0.3333,0,0.1,0.3333,中,\"line\nbreak\"\r\n", csv.Split("\r\n", 2)[1]);
    }

    [Fact]
    public async Task TeamLead_GeneratesForTheirTeam_AndSeesItListed()
    {
        var lead = api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync("teamlead"));
        var report = await GenerateTeamReportAsync(lead);
        Assert.Equal(Member(api.TeamLead), report["requestedBy"]!["id"]!.GetValue<string>());

        var listed = await lead.QueryAsync("query($t: [ID!]) { attributionReports(first: 50, where: { teamIds: $t }) { nodes { id } } }", new { t = new[] { api.TeamGlobalId } });
        Assert.Contains(report["id"]!.GetValue<string>(), listed["attributionReports"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        using var csv = await lead.Http.GetAsync(report["downloadPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);

        // Another team is not the lead's: it reads as not found.
        var otherTeam = await api.CreateGraphQLClient().QueryAsync("{ teams(first: 2) { nodes { id } } }");
        var other = otherTeam["teams"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).First(id => id != api.TeamGlobalId);
        var refused = await lead.QueryAsync(Generate, new { input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = other } } });
        var error = refused["generateAttributionReport"]!["errors"]!.AsArray().Single()!;
        Assert.Equal(("NotFoundError", "input.scope.teamId"), (error["__typename"]!.GetValue<string>(), error["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Rep_CannotGenerate_NorSeeOrDownloadTheTeamReport()
    {
        var report = await GenerateTeamReportAsync(api.CreateGraphQLClient());
        var rep = api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync("rep"));

        var generate = await rep.PostAsync(Generate, TeamInput());
        Assert.Equal("FORBIDDEN", generate.FirstErrorCode);

        var node = await rep.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = report["id"]!.GetValue<string>() });
        Assert.Null(node["node"]);
        var listed = await rep.QueryAsync("{ attributionReports(first: 50) { totalCount } }");
        Assert.Equal(0, listed["attributionReports"]!["totalCount"]!.GetValue<int>());
        using var csv = await rep.Http.GetAsync(report["downloadPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsReport_IsNotFound_ByIdNorByDownload()
    {
        var report = await GenerateTeamReportAsync(api.CreateGraphQLClient());
        var id = report["id"]!.GetValue<string>();

        var node = await api.Rival.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id });
        Assert.Null(node["node"]);
        var listed = await api.Rival.QueryAsync("{ attributionReports(first: 50) { nodes { id } } }");
        Assert.DoesNotContain(id, listed["attributionReports"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        using var csv = await api.Rival.Http.GetAsync(report["downloadPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);
        using var missing = await api.CreateGraphQLClient().Http.GetAsync(AttributionReportDownloads.PathOf(9_999_999));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await csv.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        using var anonymous = await api.CreateClient().GetAsync(report["downloadPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // Nor can the rival name the demo tenant's team as a scope.
        var refused = await api.Rival.QueryAsync(Generate, TeamInput());
        Assert.Equal("NotFoundError", refused["generateAttributionReport"]!["errors"]![0]!["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadInput_IsRefusedWithTypedErrors_AndStoresNothing()
    {
        var client = api.CreateGraphQLClient();
        var before = (await client.QueryAsync("{ attributionReports { totalCount } }"))["attributionReports"]!["totalCount"]!.GetValue<int>();

        var reversed = await client.QueryAsync(Generate, TeamInput(from: "2020-03-30T00:00:00Z", to: "2020-03-02T00:00:00Z"));
        var error = reversed["generateAttributionReport"]!["errors"]!.AsArray().Single()!;
        Assert.Equal(("ValidationError", "input.period.to"), (error["__typename"]!.GetValue<string>(), error["field"]!.GetValue<string>()));
        Assert.Null(reversed["generateAttributionReport"]!["attributionReport"]);

        var unknownTeam = await client.QueryAsync(Generate, new { input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = GlobalId.Encode("Team", 9_999_999) } } });
        Assert.Equal(("NotFoundError", "input.scope.teamId"), Describe(unknownTeam));
        var memberAsTeam = await client.QueryAsync(Generate, new { input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = Member(api.A) } } });
        Assert.Equal(("NotFoundError", "input.scope.teamId"), Describe(memberAsTeam));
        var twoScopes = await client.QueryAsync(Generate, new { input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = api.TeamGlobalId, tenant = true } } });
        Assert.Equal(("ValidationError", "input.scope.teamId"), Describe(twoScopes));
        var noScope = await client.QueryAsync(Generate, new { input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { } } });
        Assert.Equal(("ValidationError", "input.scope.teamId"), Describe(noScope));

        var badSettings = await client.QueryAsync(Generate, TeamInput(new { topShare = 0.6, bottomShare = 0.0, minimumLeads = 0 }));
        Assert.Equal(["input.settings.topShare", "input.settings.bottomShare", "input.settings.minimumLeads"],
            badSettings["generateAttributionReport"]!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));

        var after = (await client.QueryAsync("{ attributionReports { totalCount } }"))["attributionReports"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(before, after);
    }

    private static (string, string) Describe(JsonNode data)
    {
        var error = data["generateAttributionReport"]!["errors"]!.AsArray().Single()!;
        return (error["__typename"]!.GetValue<string>(), error["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task TenantSettings_FeedReportsThatDoNotOverrideThem_AndOnlyConfigurersChangeThem()
    {
        const string Update = """
            mutation($input: AttributionSettingsInput!) {
              updateAttributionSettings(input: $input) { settings { basis topShare bottomShare minimumLeads updatedAt } errors { __typename ... on ValidationError { field } } }
            }
            """;
        var client = api.CreateGraphQLClient();
        var defaults = await client.QueryAsync("{ attributionSettings { basis topShare bottomShare minimumLeads updatedAt } }");
        Assert.Equal(("LEAD_CONVERTED", 0.2, 5), (defaults["attributionSettings"]!["basis"]!.GetValue<string>(),
            defaults["attributionSettings"]!["topShare"]!.GetValue<double>(), defaults["attributionSettings"]!["minimumLeads"]!.GetValue<int>()));
        Assert.Null(defaults["attributionSettings"]!["updatedAt"]);

        var rep = api.CreateGraphQLClient(await new TokenClient(api).MemberTokenAsync("rep", "sales:read sales:write org:admin"));
        Assert.Equal("FORBIDDEN", (await rep.PostAsync(Update, new { input = new { minimumLeads = 2 } })).FirstErrorCode);
        var refused = await client.QueryAsync(Update, new { input = new { topShare = 0.75 } });
        Assert.Equal("input.topShare", refused["updateAttributionSettings"]!["errors"]![0]!["field"]!.GetValue<string>());

        try
        {
            // Only what is given changes: the basis stays LEAD_CONVERTED.
            var updated = await client.QueryAsync(Update, new { input = new { topShare = 0.5, bottomShare = 0.5, minimumLeads = 2 } });
            var settings = updated["updateAttributionSettings"]!["settings"]!;
            Assert.Equal(("LEAD_CONVERTED", 0.5, 2), (settings["basis"]!.GetValue<string>(), settings["bottomShare"]!.GetValue<double>(), settings["minimumLeads"]!.GetValue<int>()));

            // A report that overrides nothing now ranks as the hand-built test does: A, B on top.
            var data = await client.QueryAsync(Generate, new
            {
                input = new { period = new { from = "2020-03-02T00:00:00Z", to = "2020-03-30T00:00:00Z" }, scope = new { teamId = api.TeamGlobalId } },
            });
            var report = data["generateAttributionReport"]!["attributionReport"]!;
            Assert.Equal(("COMPLETED", 0.5, 2), (report["status"]!.GetValue<string>(), report["topShare"]!.GetValue<double>(), report["minimumLeads"]!.GetValue<int>()));
            Assert.Equal([Member(api.A), Member(api.B)], report["topReps"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        }
        finally
        {
            // The other tests of this class expect the defaults.
            await client.QueryAsync(Update, new { input = new { basis = "LEAD_CONVERTED", topShare = 0.2, bottomShare = 0.2, minimumLeads = 5 } });
        }
    }

    [Fact]
    public async Task MonthlyJob_FiresOnTheFirst_StoresTheReportOnce_AndSchedulesTheNextMonth()
    {
        var pool = api.Services.GetRequiredService<ISalesDbContextPool>();
        async Task<List<AttributionReport>> ScheduledAsync()
        {
            await using var db = pool.Rent(api.TenantId);
            return await db.AttributionReports.AsNoTracking().Where(r => r.Trigger == AttributionTrigger.Scheduled).ToListAsync();
        }

        // The host started on 27 Nov 2026 (UTC); the demo tenant's head office is in Shanghai (UTC+8), so its 1 December
        // starts at 2026-11-30 16:00 UTC. A minute before, nothing is due.
        api.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 59, 0, TimeSpan.Zero));
        await api.Timers.RunDueTimersAsync();
        Assert.Empty(await ScheduledAsync());

        api.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));
        // Two nodes poll at once: the month is stored once.
        var options = Microsoft.Extensions.Options.Options.Create(new DurableTimerOptions { PollInterval = TimeSpan.Zero, NodeName = "other" });
        var otherNode = ActivatorUtilities.CreateInstance<DurableTimerService>(api.Services, options);
        await Task.WhenAll(api.Timers.RunDueTimersAsync(), otherNode.RunDueTimersAsync());
        await api.Timers.RunDueTimersAsync();

        var report = Assert.Single(await ScheduledAsync());
        // November in Shanghai: [2026-11-01 00:00 +08:00, 2026-12-01 00:00 +08:00).
        Assert.Equal((new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc)), (report.PeriodFrom, report.PeriodTo));
        Assert.Equal((AttributionScopeKind.Tenant, "2026-11", 0.2, 5), (report.ScopeKind, report.ScheduleKey, report.TopShare, report.MinimumLeads));

        await using var db = pool.Rent(api.TenantId);
        var pending = await db.ScheduledTimers.AsNoTracking().Where(t => t.Kind == MonthlyAttributionJob.Kind && t.FiredAt == null).ToListAsync();
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), Assert.Single(pending).DueAt);

        // It is a report like any other: listed, and readable through the API.
        var listed = await api.CreateGraphQLClient().QueryAsync("{ attributionReports(first: 5, where: { triggers: [SCHEDULED] }) { nodes { id scopeKind periodFrom } } }");
        Assert.Equal("TENANT", listed["attributionReports"]!["nodes"]![0]!["scopeKind"]!.GetValue<string>());
    }
}
