using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Benchmarks;

/// <summary>
/// The leads the leads page reads: converted leads, each with an owner and an account taken in turn from the tenant's
/// members and accounts (so the owner and account batches hold many keys), added until the tenant has <c>count</c>.
/// </summary>
internal static class BenchLeads
{
    public static async Task<int> SeedAsync(ISalesDbContextPool pool, long tenantId, int count)
    {
        await using var db = pool.Rent(tenantId);
        var missing = count - await db.Leads.CountAsync(l => l.Status == LeadStatus.Converted);
        if (missing <= 0)
        {
            return 0;
        }

        var owners = await db.Members.OrderBy(m => m.Id).Select(m => new { m.Id, m.TeamId }).Take(count).ToListAsync();
        var accounts = await db.Accounts.OrderBy(a => a.Id).Select(a => a.Id).Take(count).ToListAsync();
        if (owners.Count == 0 || accounts.Count == 0)
        {
            throw new InvalidOperationException("The demo tenant has no members or no accounts to give the benchmark's leads.");
        }

        var at = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < missing; i++)
        {
            var owner = owners[i % owners.Count];
            db.Leads.Add(new Lead
            {
                TenantId = tenantId,
                Name = $"基准线索 {i + 1}",
                Company = $"基准公司 {i + 1}",
                Industry = Industry.IndustrialAutomation,
                Source = LeadSource.Import,
                Status = LeadStatus.Converted,
                OwnerId = owner.Id,
                TeamId = owner.TeamId,
                AssignedAt = at,
                ConvertedAt = at.AddDays(3),
                ConvertedAccountId = accounts[i % accounts.Count],
                CreatedAt = at.AddMinutes(i),
                UpdatedAt = at.AddDays(3),
            });
        }

        await db.SaveChangesAsync();
        return missing;
    }
}
