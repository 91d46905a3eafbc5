using HeadlessSales.Api.Features.Contracts;
using HeadlessSales.Api.Features.Insights.Rhythm;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Demo;

/// <summary>
/// The signing rhythm's share of a volume tenant, after <see cref="ProcessVolumeSeeder"/>: every opportunity that reached 签约 or
/// beyond gets a signed contract (signed in the year before <c>until</c>, more of them late in the month, as in the issue's
/// story), and about a third of the open ones get one or two decision signals of the last month. Bulk-inserted, deterministic.
/// </summary>
public sealed class RhythmVolumeSeeder(ISalesDbContextPool pool)
{
    private const int Batch = 20_000;

    public async Task<(int Contracts, int Signals)> SeedAsync(long tenantId, DateTime until, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((int)tenantId * 104_729));
        await using var db = pool.RentAcrossTenants();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var definitions = new[]
        {
            new DecisionSignalDefinition { TenantId = tenantId, Code = "TECH_PROPOSAL_SIGNED", Name = "技术方案签署", Source = DecisionSignalSource.Api, Weight = 40, CreatedAt = until.AddYears(-1) },
            new DecisionSignalDefinition { TenantId = tenantId, Code = "SAMPLE_TEST_PASSED", Name = "样品测试通过", Source = DecisionSignalSource.Api, Weight = 30, CreatedAt = until.AddYears(-1) },
        };
        db.DecisionSignalDefinitions.AddRange(definitions);
        await db.SaveChangesAsync(cancellationToken);

        // 签约 and every stage after it, in whichever pipeline.
        var signingStages = await db.PipelineStages.IgnoreQueryFilters().Where(s => s.TenantId == tenantId && s.Code == ContractRules.SigningStageCode)
            .Select(s => new { s.PipelineId, s.Position }).ToListAsync(cancellationToken);
        var lateStages = (await db.PipelineStages.IgnoreQueryFilters().AsNoTracking().Where(s => s.TenantId == tenantId).Select(s => new { s.Id, s.PipelineId, s.Position }).ToListAsync(cancellationToken))
            .Where(s => signingStages.Any(x => x.PipelineId == s.PipelineId && s.Position >= x.Position)).Select(s => s.Id).ToHashSet();
        var opportunities = await db.Opportunities.IgnoreQueryFilters().AsNoTracking().Where(o => o.TenantId == tenantId).OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.AccountId, o.OwnerId, o.Amount, o.StageId }).ToListAsync(cancellationToken);
        var contracts = new List<Contract>();
        var signals = new List<DecisionSignal>();
        foreach (var opportunity in opportunities)
        {
            if (lateStages.Contains(opportunity.StageId))
            {
                // Within the year, a third of them in the month's last three days.
                var month = until.AddMonths(-1 - random.Next(12));
                var days = DateTime.DaysInMonth(month.Year, month.Month);
                var day = random.NextDouble() < 0.33 ? days - random.Next(3) : 1 + random.Next(days - 3);
                var signedAt = new DateTime(month.Year, month.Month, day, 2 + random.Next(10), 0, 0, DateTimeKind.Utc);
                contracts.Add(new Contract
                {
                    TenantId = tenantId, OpportunityId = opportunity.Id, AccountId = opportunity.AccountId, OwnerId = opportunity.OwnerId, Title = "批量合同",
                    Amount = opportunity.Amount ?? 100_000m, Currency = "CNY", ApprovalStatus = ContractApprovalStatus.Approved, SignatureStatus = SignatureStatus.Signed,
                    SignedAt = signedAt, SignatureUpdatedAt = signedAt, CreatedAt = signedAt.AddDays(-3), UpdatedAt = signedAt,
                });
            }
            else if (random.NextDouble() < 0.33)
            {
                foreach (var definition in definitions.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty(definitions[0]))
                {
                    signals.Add(DecisionSignal.Of(definition, opportunity.Id, opportunity.OwnerId, until.AddDays(-random.Next(1, 30))));
                }
            }
        }

        // Bulk inserts run in the caller's transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in contracts.Chunk(Batch))
        {
            await BulkInsert.InsertAsync(db, chunk, cancellationToken);
        }

        foreach (var chunk in signals.Chunk(Batch))
        {
            await BulkInsert.InsertAsync(db, chunk, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (contracts.Count, signals.Count);
    }
}
