using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>Reports by id, as the caller may see them (<see cref="AttributionVisibility"/>): <c>node(id:)</c> obeys the scope rule.</summary>
public sealed class AttributionReportByIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, AttributionReport>
{
    protected override async Task<IReadOnlyDictionary<long, AttributionReport>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        return await AttributionVisibility.Visible(db).AsNoTracking().Where(r => keys.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }
}

public sealed class AttributionFindingsByReportIdDataLoader(SalesDbContextFactory databases) : BatchDataLoader<long, List<AttributionFinding>>
{
    protected override async Task<IReadOnlyDictionary<long, List<AttributionFinding>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var findings = await db.AttributionFindings.AsNoTracking().Where(f => keys.Contains(f.ReportId)).OrderBy(f => f.Rank).ToListAsync(cancellationToken);
        return findings.GroupBy(f => f.ReportId).ToDictionary(g => g.Key, g => g.ToList());
    }
}
