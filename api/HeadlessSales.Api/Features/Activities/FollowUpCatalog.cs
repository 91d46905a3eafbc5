using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

/// <summary>What every tenant starts with: a bilingual tag catalog and the five-step follow-up.</summary>
public static class FollowUpCatalog
{
    public static readonly IReadOnlyList<(string Code, string NameZh, string NameEn)> DefaultTags =
    [
        ("FIRST_CONTACT", "首次接触", "first contact"),
        ("NEEDS_DISCOVERY", "需求挖掘", "needs discovery"),
        ("DECISION_CHAIN_CONFIRMED", "决策链确认", "decision chain confirmed"),
        ("BUDGET_CONFIRMED", "预算确认", "budget confirmed"),
        ("SOLUTION_DEMO", "方案演示", "solution demo"),
        ("TECHNICAL_EXCHANGE", "技术交流", "technical exchange"),
        ("SITE_SURVEY", "现场勘查", "site survey"),
        ("PRICE_CONCERN", "价格疑虑", "price concern"),
        ("COMPETITOR_COMPARISON", "竞品对比", "competitor comparison"),
        ("COMMERCIAL_NEGOTIATION", "商务谈判", "commercial negotiation"),
        ("CONTRACT_REVIEW", "合同审阅", "contract review"),
        ("SIGNING_INTENT", "签约意向", "signing intent"),
    ];

    public static List<FollowUpStep> DefaultSteps() =>
    [
        Step("FIRST_CONTACT", "首次联系", "first contact", 3, "FIRST_CONTACT", "NEEDS_DISCOVERY"),
        Step("NEEDS_DIAGNOSIS", "需求诊断", "needs diagnosis", 7, "NEEDS_DISCOVERY", "DECISION_CHAIN_CONFIRMED", "BUDGET_CONFIRMED"),
        Step("SOLUTION_DEMO", "方案演示", "solution demo", 14, "SOLUTION_DEMO", "TECHNICAL_EXCHANGE", "SITE_SURVEY"),
        Step("NEGOTIATION", "商务谈判", "negotiation", 14, "COMMERCIAL_NEGOTIATION", "CONTRACT_REVIEW"),
        Step("CLOSING", "签约推进", "closing", 21, "SIGNING_INTENT"),
    ];

    private static FollowUpStep Step(string code, string nameZh, string nameEn, int allowedDays, params string[] tags) =>
        new() { Code = code, NameZh = nameZh, NameEn = nameEn, AllowedDays = allowedDays, TagCodes = [.. tags] };

    /// <summary>Adds the default catalog and sequence to a tenant that has none; a tenant that has them keeps its own.</summary>
    public static async Task EnsureAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        if (!await db.ActivityTags.IgnoreQueryFilters().AnyAsync(t => t.TenantId == tenantId, cancellationToken))
        {
            db.ActivityTags.AddRange(DefaultTags.Select(t => new ActivityTag { TenantId = tenantId, Code = t.Code, NameZh = t.NameZh, NameEn = t.NameEn, CreatedAt = now, UpdatedAt = now }));
        }

        if (!await db.FollowUpSettings.IgnoreQueryFilters().AnyAsync(s => s.TenantId == tenantId, cancellationToken))
        {
            db.FollowUpSettings.Add(new FollowUpSettings { TenantId = tenantId, Steps = DefaultSteps(), SummaryLanguage = SummaryLanguage.Chinese, UpdatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Gives every tenant the default catalog on start: tenants created before this module existed, and any
/// created without it. Registered after the database initializer, so it runs on the migrated database.
/// </summary>
public sealed class FollowUpCatalogInitializer(ISalesDbContextPool pool, DatabaseOptions options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.MigrateOnStart)
        {
            return;
        }

        await using var db = pool.RentAcrossTenants();
        var missing = await db.Tenants
            .Where(t => !db.Set<FollowUpSettings>().IgnoreQueryFilters().Any(s => s.TenantId == t.Id))
            .Select(t => t.Id)
            .ToListAsync(cancellationToken);
        foreach (var tenantId in missing)
        {
            await FollowUpCatalog.EnsureAsync(db, tenantId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
