using HeadlessSales.Api.Features.Approvals;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>The demo tenant's default pipeline and a few opportunities spread over its stages, each with its stage history.</summary>
public static class DemoPipelineCatalog
{
    public const int Opportunities = 12;

    /// <summary>Approval chains a demo admin can put on stage gates (the seeded pipeline itself has no gates, so demos start unblocked).</summary>
    public static readonly (string Code, string Name, ApproverRole[] Steps)[] ApprovalPolicies =
    [
        ("QUOTATION_REVIEW", "报价审批 Quotation review", [ApproverRole.TeamLead]),
        ("DISCOUNT_APPROVAL", "折扣审批 Discount approval", [ApproverRole.TeamLead, ApproverRole.RegionManager]),
        ("CONTRACT_REVIEW", "合同评审 Contract review", [ApproverRole.TeamLead, ApproverRole.RegionManager, ApproverRole.SalesOps]),
    ];

    public static async Task SeedAsync(SalesDbContext db, long tenantId, DateTime epoch, bool withOpportunities, CancellationToken cancellationToken)
    {
        db.ApprovalPolicies.AddRange(ApprovalPolicies.Select(p => new ApprovalPolicy { TenantId = tenantId, Code = p.Code, Name = p.Name, Steps = [.. p.Steps], CreatedAt = epoch }));
        var pipeline = await DefaultPipeline.AddAsync(db, tenantId, epoch, cancellationToken);
        if (!withOpportunities)
        {
            db.ChangeTracker.Clear();
            return;
        }

        var stages = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var accounts = await db.Accounts.IgnoreQueryFilters()
            .Where(a => a.TenantId == tenantId && a.OwnerId != null)
            .OrderBy(a => a.Id).Take(Opportunities)
            .Select(a => new { a.Id, a.Name, OwnerId = a.OwnerId!.Value, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var opportunities = new List<(Opportunity Opportunity, int Reached)>();
        foreach (var (account, i) in accounts.Select((a, i) => (a, i)))
        {
            // Opportunity i has reached stage i mod 4: the demo pipeline has deals in every stage but the last.
            var reached = i % (stages.Count - 1);
            var opened = account.CreatedAt.AddDays(3);
            var entered = opened.AddDays(reached * 9);
            opportunities.Add((new Opportunity
            {
                TenantId = tenantId,
                Name = $"{account.Name} 商机",
                AccountId = account.Id,
                OwnerId = account.OwnerId,
                PipelineId = pipeline.Id,
                StageId = stages[reached].Id,
                StageEnteredAt = entered,
                Amount = 100_000m * (i + 1),
                AmountCurrency = "CNY",
                ExpectedCloseDate = DateOnly.FromDateTime(entered).AddDays(60),
                Probability = stages[reached].DefaultProbability,
                CreatedAt = opened,
                UpdatedAt = entered,
            }, reached));
        }

        db.Opportunities.AddRange(opportunities.Select(o => o.Opportunity));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (opportunity, reached) in opportunities)
        {
            for (var s = 0; s <= reached; s++)
            {
                db.OpportunityStageEntries.Add(new OpportunityStageEntry
                {
                    TenantId = tenantId,
                    OpportunityId = opportunity.Id,
                    StageId = stages[s].Id,
                    FromStageId = s == 0 ? null : stages[s - 1].Id,
                    Kind = s == 0 ? StageEntryKind.Created : StageEntryKind.Advanced,
                    EnteredAt = opportunity.CreatedAt.AddDays(s * 9),
                    LeftAt = s == reached ? null : opportunity.CreatedAt.AddDays((s + 1) * 9),
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
