using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Scheduling;
using HeadlessSales.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessSales.Api.Tests.Insights.Rhythm;

/// <summary>
/// A host of its own per test class: the weekly to-sign job is on (tests fire it by moving the clock; the clock starts on
/// Friday 27 Nov 2026 01:30 UTC, 09:30 in Shanghai, the demo tenant's zone), and data is built by hand in the team of
/// rep@demo.example.com (A) and teamlead@demo.example.com, on accounts and opportunities of its own.
/// </summary>
public class RhythmFixture : ApiFactory, IAsyncLifetime
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Insights:Rhythm:ScheduleWeeklyToSignLists"] = "true",
        ["DurableTimers:PollInterval"] = "00:00:00",
        ["Identity:AccessTokenLifetime"] = "30.00:00:00",
    };

    public long TenantId { get; private set; }

    public long TeamId { get; private set; }

    /// <summary>rep@demo.example.com.</summary>
    public long A { get; private set; }

    /// <summary>A teammate of A (another rep of the same team).</summary>
    public long B { get; private set; }

    public DurableTimerService Timers => Services.GetRequiredService<DurableTimerService>();

    public ISalesDbContextPool Pool => Services.GetRequiredService<ISalesDbContextPool>();

    public async Task InitializeAsync()
    {
        await using var across = Pool.RentAcrossTenants();
        var rep = await across.Members.IgnoreQueryFilters().SingleAsync(m => m.Email == "rep@demo.example.com");
        (TenantId, TeamId, A) = (rep.TenantId, rep.TeamId!.Value, rep.Id);
        B = await across.Members.IgnoreQueryFilters().Where(m => m.TeamId == TeamId && m.Id != A && m.Role == MemberRole.Rep).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public static string Id(string type, long key) => GlobalId.Encode(type, key);

    /// <summary>Stage ids of the demo tenant's default pipeline, by code.</summary>
    public async Task<(long PipelineId, Dictionary<string, long> Stages)> PipelineAsync()
    {
        await using var db = Pool.Rent(TenantId);
        var pipeline = await db.Pipelines.Where(p => p.IsDefault).OrderBy(p => p.Id).FirstAsync();
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipeline.Id).ToDictionaryAsync(s => s.Code, s => s.Id);
        return (pipeline.Id, stages);
    }

    /// <summary>An account of its own for <paramref name="owner"/>, so that hand-built opportunities share nothing with the demo data.</summary>
    public async Task<long> AccountAsync(long owner, Industry industry, string name, DateTime at, OwnershipType ownership = OwnershipType.Private)
    {
        await using var db = Pool.Rent(TenantId);
        var account = db.Accounts.Add(new Account
        {
            TenantId = TenantId, Name = name, Industry = industry, Ownership = ownership, Size = CompanySize.Medium, Province = "浙江", OwnerId = owner,
            CreatedAt = at, UpdatedAt = at,
        }).Entity;
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>An opportunity created at <paramref name="at"/> in the stage <paramref name="stageCode"/> (its history starts there).</summary>
    public async Task<long> OpportunityAsync(long owner, long accountId, string name, DateTime at, string stageCode = "NEGOTIATION", decimal amount = 100_000m, DateOnly? expectedClose = null)
    {
        var (pipelineId, stages) = await PipelineAsync();
        await using var db = Pool.Rent(TenantId);
        var opportunity = db.Opportunities.Add(new Opportunity
        {
            TenantId = TenantId, Name = name, AccountId = accountId, OwnerId = owner, PipelineId = pipelineId, StageId = stages[stageCode], StageEnteredAt = at,
            Amount = amount, AmountCurrency = "CNY", ExpectedCloseDate = expectedClose, CreatedAt = at, UpdatedAt = at,
        }).Entity;
        await db.SaveChangesAsync();
        db.OpportunityStageEntries.Add(new OpportunityStageEntry { TenantId = TenantId, OpportunityId = opportunity.Id, StageId = stages[stageCode], Kind = StageEntryKind.Created, EnteredAt = at });
        await db.SaveChangesAsync();
        return opportunity.Id;
    }
}
