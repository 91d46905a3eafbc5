using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Tests.Infrastructure;

namespace HeadlessSales.Api.Tests.Organization;

[Collection(ApiCollection.Name)]
public sealed class OrganizationMutationTests(ApiFactory api)
{
    private readonly GraphQLTestClient _client = api.CreateGraphQLClient();

    private const string CreateRegion = """
        mutation($input: CreateRegionInput!) {
          createRegion(input: $input) {
            region { code name manager { name } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on DuplicateError { field value } ... on NotFoundError { field id } }
          }
        }
        """;

    private const string CreateMember = """
        mutation($input: CreateMemberInput!) {
          createMember(input: $input) {
            member { name email role hiredOn active team { name } region { code } }
            errors { __typename ... on UserError { code message } ... on ValidationError { field } ... on DuplicateError { field } ... on NotFoundError { field } }
          }
        }
        """;

    [Fact]
    public async Task CreateRegion_ThenDuplicateCode_IsDuplicateError()
    {
        var created = await _client.PostAsync(CreateRegion, new { input = new { code = "ne", name = "东北大区" } });
        var duplicate = await _client.PostAsync(CreateRegion, new { input = new { code = "NE", name = "东北二区" } });

        created.MatchResponseSnapshot("created");
        duplicate.MatchResponseSnapshot("duplicate");
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneCode_OneWinsAndTheRestAreDuplicates()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _client.PostAsync(CreateRegion, new { input = new { code = "RACE", name = $"竞速{i}" } })));

        Assert.All(responses, r => Assert.Null(r.Errors));
        var outcomes = responses.Select(r => r.Data!["createRegion"]!).ToList();
        Assert.Single(outcomes, o => o["region"] is not null);
        Assert.All(outcomes.Where(o => o["region"] is null), o => Assert.Equal("DUPLICATE", o["errors"]![0]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateRegion_WithBadInput_ReportsEveryProblem()
    {
        var rep = await FirstMemberIdAsync("REP");

        var response = await _client.PostAsync(CreateRegion, new { input = new { code = "bad code!", name = "  ", managerId = rep } });

        response.MatchResponseSnapshot();
    }

    [Fact]
    public async Task CreateMember_PlacesARepInTheTeamsRegion()
    {
        var team = (await _client.QueryAsync("{ teams(first: 1, order: { field: NAME }) { nodes { id name region { code } } } }"))["teams"]!["nodes"]![0]!;

        var response = await _client.PostAsync(CreateMember, new
        {
            input = new { name = "新同事", email = "New.Hire@Demo.Example.com", role = "REP", teamId = team["id"]!.GetValue<string>(), hiredOn = "2026-11-02" },
        });

        Assert.Empty(response.Data!["createMember"]!["errors"]!.AsArray());
        var member = response.Data!["createMember"]!["member"]!;
        Assert.Equal("new.hire@demo.example.com", member["email"]!.GetValue<string>());
        Assert.Equal(team["region"]!["code"]!.GetValue<string>(), member["region"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateMember_RefusesWhatBreaksTheOrgRules()
    {
        var foreignTeam = GlobalId.Encode("Team", 987_654);
        var existingEmail = (await _client.QueryAsync("{ members(first: 1) { nodes { email } } }"))["members"]!["nodes"]![0]!["email"]!.GetValue<string>();

        var noTeam = await _client.PostAsync(CreateMember, new { input = new { name = "无组", email = "no.team@demo.example.com", role = "REP", hiredOn = "2026-11-02" } });
        var unknownTeam = await _client.PostAsync(CreateMember, new { input = new { name = "外组", email = "x@demo.example.com", role = "TEAM_LEAD", teamId = foreignTeam, hiredOn = "2026-11-02" } });
        var badEmail = await _client.PostAsync(CreateMember, new { input = new { name = "错邮", email = "not an email", role = "SALES_OPS", hiredOn = "2026-11-02" } });
        var duplicate = await _client.PostAsync(CreateMember, new { input = new { name = "重邮", email = existingEmail.ToUpperInvariant(), role = "ADMIN", hiredOn = "2026-11-02" } });

        noTeam.MatchResponseSnapshot("noTeam");
        unknownTeam.MatchResponseSnapshot("unknownTeam");
        badEmail.MatchResponseSnapshot("badEmail");
        duplicate.MatchResponseSnapshot("duplicate");
    }

    [Fact]
    public async Task UpdateMember_ChangesOnlyWhatIsGiven()
    {
        var member = (await _client.QueryAsync("{ members(first: 1, where: { roles: [REP] }, order: { field: EMAIL, direction: DESC }) { nodes { id name email phone } } }"))["members"]!["nodes"]![0]!;

        var data = await _client.QueryAsync("""
            mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { name email phone active } errors { __typename } } }
            """, new { input = new { id = member["id"]!.GetValue<string>(), active = false, phone = (string?)null } });

        var updated = data["updateMember"]!["member"]!;
        Assert.Equal(member["name"]!.GetValue<string>(), updated["name"]!.GetValue<string>());
        Assert.Equal(member["email"]!.GetValue<string>(), updated["email"]!.GetValue<string>());
        Assert.Null(updated["phone"]);
        Assert.False(updated["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateWorkingCalendar_ValidatesZoneHoursAndDays()
    {
        const string mutation = """
            mutation($input: CreateWorkingCalendarInput!) {
              createWorkingCalendar(input: $input) {
                workingCalendar { name timeZone workdayStart workdayEnd workingDays exceptions { date name isWorkingDay } holiday: isWorkingDay(date: "2027-02-08") makeUp: isWorkingDay(date: "2027-02-06") }
                errors { __typename ... on UserError { code message } ... on ValidationError { field } }
              }
            }
            """;

        var valid = await _client.PostAsync(mutation, new
        {
            input = new
            {
                name = "春节排班", timeZone = "Asia/Shanghai", workdayStart = "08:30:00", workdayEnd = "17:30:00", workingDays = new[] { 5, 1, 2, 3, 4 },
                exceptions = new object[] { new { date = "2027-02-08", name = "春节", isWorkingDay = false }, new { date = "2027-02-06", name = "春节调休", isWorkingDay = true } },
            },
        });
        var invalid = await _client.PostAsync(mutation, new
        {
            input = new { name = "错误日历", timeZone = "Mars/Olympus", workdayStart = "18:00:00", workdayEnd = "09:00:00", workingDays = new[] { 0, 8 } },
        });

        valid.MatchResponseSnapshot("valid");
        invalid.MatchResponseSnapshot("invalid");
    }

    private async Task<string> FirstMemberIdAsync(string role) =>
        (await _client.QueryAsync($"{{ members(first: 1, where: {{ roles: [{role}] }}) {{ nodes {{ id }} }} }}"))["members"]!["nodes"]![0]!["id"]!.GetValue<string>();
}
