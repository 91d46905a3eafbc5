using System.Text.Json.Nodes;
using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.Targets.Diagnosis;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Contracts;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Targets;

/// <summary>
/// A host of its own whose clock the tests move, with a region, a team, its lead and two reps of its own who can sign in,
/// so that what the diagnosis finds about them is made of the tests' hand-built records alone. The records are made
/// through the public API; only the opportunity's jump to 签约 is written directly (as the other contract tests do).
/// </summary>
public sealed class TargetHealthFixture : ApiFactory, IAsyncLifetime
{
    public const string LeadLogin = "diag-lead";
    public const string RepALogin = "diag-rep-a";
    public const string RepBLogin = "diag-rep-b";

    private readonly string? _postgres;

    public TargetHealthFixture()
        : this(null)
    {
    }

    private TargetHealthFixture(string? postgres)
    {
        _postgres = postgres;
    }

    /// <summary>The same host on a PostgreSQL database, where two nodes' transactions really run side by side.</summary>
    public static TargetHealthFixture OnPostgreSql(string connectionString) => new(connectionString);

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                // The tests fire due timers themselves, after moving the clock; tokens outlive the weeks the clock moves (a WebSocket cannot time a token beyond 49 days).
                ["DurableTimers:PollInterval"] = "00:00:00",
                ["Identity:AccessTokenLifetime"] = "40.00:00:00",
            };
            if (_postgres is not null)
            {
                settings["Database:Provider"] = "PostgreSql";
                settings["Database:ConnectionString"] = _postgres;
            }

            return settings;
        }
    }

    public long TenantId { get; private set; }

    public string RegionId { get; private set; } = "";

    public string TeamId { get; private set; } = "";

    public string LeadId { get; private set; } = "";

    public string RepAId { get; private set; } = "";

    public string RepBId { get; private set; } = "";

    public GraphQLTestClient Ops => _ops ??= CreateGraphQLClient();

    private GraphQLTestClient? _ops;

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    public TargetHealthTrigger Trigger => Services.GetRequiredService<TargetHealthTrigger>();

    public SalesDbContext Database() => Services.GetRequiredService<ISalesDbContextPool>().Rent(TenantId);

    public async Task InitializeAsync()
    {
        await using (var across = Services.GetRequiredService<ISalesDbContextPool>().RentAcrossTenants())
        {
            TenantId = await across.Tenants.Select(t => t.Id).SingleAsync();
        }

        await using var db = Database();
        var now = Clock.GetUtcNow().UtcDateTime;
        var region = db.Regions.Add(new Region { TenantId = TenantId, Code = "DIAG", Name = "诊断测试大区", CreatedAt = now }).Entity;
        await db.SaveChangesAsync();
        var team = db.Teams.Add(new Team { TenantId = TenantId, RegionId = region.Id, Name = "诊断测试组", CreatedAt = now }).Entity;
        await db.SaveChangesAsync();
        var hasher = Services.GetRequiredService<IPasswordHasher<MemberCredential>>();
        Member NewMember(string name, string login, MemberRole role)
        {
            var member = db.Members.Add(new Member
            {
                TenantId = TenantId, Name = name, Email = $"{login}@demo.example.com", Role = role, TeamId = team.Id, RegionId = region.Id,
                HiredOn = new DateOnly(2025, 1, 1), CreatedAt = now, UpdatedAt = now,
            }).Entity;
            return member;
        }

        var lead = NewMember("诊断组长", LeadLogin, MemberRole.TeamLead);
        var repA = NewMember("诊断销售甲", RepALogin, MemberRole.Rep);
        var repB = NewMember("诊断销售乙", RepBLogin, MemberRole.Rep);
        await db.SaveChangesAsync();
        team.LeadId = lead.Id;
        foreach (var member in new[] { lead, repA, repB })
        {
            var credential = new MemberCredential { TenantId = TenantId, MemberId = member.Id, PasswordHash = string.Empty, UpdatedAt = now };
            credential.PasswordHash = hasher.HashPassword(credential, DemoIdentity.Password);
            db.MemberCredentials.Add(credential);
        }

        await db.SaveChangesAsync();
        (RegionId, TeamId) = (GlobalId.Encode("Region", region.Id), GlobalId.Encode("Team", team.Id));
        (LeadId, RepAId, RepBId) = (GlobalId.Encode("Member", lead.Id), GlobalId.Encode("Member", repA.Id), GlobalId.Encode("Member", repB.Id));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public Task<GraphQLTestClient> SignedInAsync(string login) => MemberAsync(login);

    public async Task<string> AccountOfAsync(string ownerId, string name)
    {
        var created = await Ops.QueryAsync("""
            mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { __typename ... on UserError { message } } } }
            """, new { input = new { name = name + " " + Guid.NewGuid().ToString("N")[..6], industry = "OTHER", ownership = "PRIVATE", size = "SMALL", ownerId } });
        return created["createAccount"]!["account"]!["id"]!.GetValue<string>();
    }

    /// <summary>An opportunity of the account, owned by the account's owner.</summary>
    public async Task<string> OpportunityOfAsync(string accountId, string amount)
    {
        var created = await Ops.QueryAsync("""
            mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { opportunity { id } errors { __typename } } }
            """, new { input = new { accountId, name = "诊断商机 " + Guid.NewGuid().ToString("N")[..6], amount = new { amount, currency = "CNY" } } });
        return created["createOpportunity"]!["opportunity"]!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// A contract of a new opportunity of the account for <paramref name="amount"/> CNY, approved online and reported signed
    /// by the e-signature integration at <paramref name="signedAt"/>. Returns the opportunity and the contract.
    /// </summary>
    public async Task<(string OpportunityId, string ContractId)> SignedContractAsync(string accountId, string amount, DateTime signedAt)
    {
        var opportunityId = await OpportunityOfAsync(accountId, amount);
        var key = GlobalId.TryDecode(opportunityId, "Opportunity")!.Value;
        await using (var db = Database())
        {
            var opportunity = await db.Opportunities.SingleAsync(o => o.Id == key);
            opportunity.StageId = await db.PipelineStages
                .Where(s => s.PipelineId == opportunity.PipelineId && s.Code == ContractRules.SigningStageCode).Select(s => s.Id).SingleAsync();
            await db.SaveChangesAsync();
        }

        var contract = await Ops.QueryAsync(ContractScenario.CreateContract, new { input = new { opportunityId, title = "诊断合同" } });
        var contractId = contract["createContract"]!["contract"]!["id"]!.GetValue<string>();
        await ContractApprovalTestSupport.ApproveAsync(this, Ops, contractId);
        var signed = await Ops.QueryAsync(ContractScenario.RecordSignature, new { input = new
        {
            contractId, status = "SIGNED", providerReference = Guid.NewGuid().ToString("N"), occurredAt = signedAt.ToString("O"),
        } });
        Assert.Equal("SIGNED", signed["recordSignatureStatus"]!["contract"]!["signatureStatus"]!.GetValue<string>());
        return (opportunityId, contractId);
    }

    /// <summary>Moves the clock to the tenant's next scheduled diagnosis and fires the due timers, as the poller would.</summary>
    public async Task RunScheduledDiagnosisAsync()
    {
        await using (var db = Database())
        {
            var due = await db.ScheduledTimers.Where(t => t.Kind == TargetHealthEvaluator.TimerKind && t.FiredAt == null).MinAsync(t => t.DueAt);
            if (due > Clock.GetUtcNow().UtcDateTime)
            {
                Clock.SetUtcNow(due);
            }
        }

        await Timers.RunDueTimersAsync();
    }

    /// <summary>Lets the wait after the last events pass and awaits the diagnosis they caused.</summary>
    public async Task DiagnosisAfterEventsAsync()
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Trigger.WhenIdleAsync();
    }

    public const string Findings = """
        query($where: TargetHealthFindingFilter) { targetHealthFindings(first: 20, where: $where) { totalCount nodes {
          id rule open raisedAt resolvedAt summary suggestion member { id } team { id } evidence { type recordId label } figures { name value } } } }
        """;

    public static JsonArray NodesOf(JsonNode findings) => findings["targetHealthFindings"]!["nodes"]!.AsArray();
}
